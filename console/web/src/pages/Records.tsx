import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, listOf } from '../api';
import { useActions, type ActionSummary } from '../components/actions';
import { ErrorBanner, FieldErrors, hasError } from '../components/Errors';
import { codeOrNone, Facts } from '../components/Facts';
import { recordPath } from '../components/links';
import { Pager, useCursorPages } from '../components/Pager';
import { Time } from '../components/Time';
import type { components } from '../api/objects';
import { useApi } from '../query';

// The stored data (objects service): contacts, conversations and each custom object type's
// instances as lists (searched, sorted by last update, paged), a record's page with its
// attributes, references and the runs that wrote it, and the writes the service refused. Where
// the admin is lives in the URL (`?kind=contact&query=…`, `?kind=contact&id=…`), so that links
// between records open them here and the browser's Back returns to the previous one. Times are
// Unix seconds.

type Kind = 'contact' | 'conversation' | 'instance';
type By = 'external_id' | 'id';
type Order = 'desc' | 'asc';

interface Lookup {
  kind: Kind;
  /** The custom object type's identifier (instances only). */
  type: string;
  by: By;
  value: string;
}

/** Which list is shown: a kind (a type's instances), searched and sorted. */
interface Listed {
  kind: Kind;
  type: string;
  query: string;
  order: Order;
}

type Attributes = Record<string, unknown>;

interface ReferencingInstances {
  data: { type: string; id: string; external_id?: string | null }[];
  total_count?: number;
  has_more?: boolean;
}

interface Contact {
  type: 'contact';
  id: string;
  external_id?: string | null;
  role?: string | null;
  name?: string | null;
  email?: string | null;
  custom_attributes?: Attributes;
  custom_object_instances?: ReferencingInstances;
  created_at?: number;
  updated_at?: number;
}

interface Conversation {
  type: 'conversation';
  id: string;
  external_id?: string | null;
  contact_id?: string | null;
  custom_attributes?: Attributes;
  custom_object_instances?: ReferencingInstances;
  created_at?: number;
  updated_at?: number;
  last_activity_at?: number | null;
}

interface Instance {
  /** The custom object type's identifier. */
  type: string;
  id: string;
  external_id?: string | null;
  external_created_at?: number | null;
  external_updated_at?: number | null;
  created_at?: number;
  updated_at?: number;
  custom_attributes?: Attributes;
  references?: { type: string; id: string }[];
}

type Found =
  | { kind: 'contact'; record: Contact }
  | { kind: 'conversation'; record: Conversation }
  | { kind: 'instance'; record: Instance };

interface Page<T> {
  data: T[];
  total_count?: number;
  pages?: { next?: { starting_after: string } | null };
}

/** A run that wrote the record (the objects service's schema). */
type RunWrite = components['schemas']['RunWrite'];

interface ObjectType {
  identifier: string;
  name: string;
  archived?: boolean;
}

/** A refused write (the objects service's schema). */
type Rejection = components['schemas']['RejectionView'];

type RejectionPage = Page<Rejection>;

const PER_PAGE = 25;

function lookupOf(params: URLSearchParams): Lookup | null {
  const kind = kindOf(params);
  const by: By = params.has('id') ? 'id' : 'external_id';
  const value = params.get(by) ?? '';
  const type = params.get('type') ?? '';
  if (!value || (kind === 'instance' && !type)) {
    return null;
  }
  return { kind, type, by, value };
}

function kindOf(params: URLSearchParams): Kind {
  const kind = params.get('kind');
  return kind === 'conversation' || kind === 'instance' ? kind : 'contact';
}

function listedOf(params: URLSearchParams): Listed {
  return {
    kind: kindOf(params),
    type: params.get('type') ?? '',
    query: params.get('query') ?? '',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** The API path of a kind's list (a type's instances). */
function listPath(kind: Kind, type: string): string {
  return kind === 'instance' ? `/custom_object_instances/${encodeURIComponent(type)}` : `/${kind}s`;
}

function request(lookup: Lookup): { path: string; query?: Record<string, string> } {
  const base = listPath(lookup.kind, lookup.type);
  return lookup.by === 'id'
    ? { path: `${base}/${encodeURIComponent(lookup.value)}` }
    : { path: base, query: { external_id: lookup.value } };
}

function notFoundText(lookup: Lookup): string {
  const what = lookup.kind === 'instance' ? `${lookup.type} instance` : lookup.kind;
  return `no ${what} with ${lookup.by === 'id' ? 'id' : 'external id'} “${lookup.value}”`;
}

function listLink(listed: Pick<Listed, 'kind' | 'type'>): string {
  const params = new URLSearchParams({ kind: listed.kind });
  if (listed.kind === 'instance') {
    params.set('type', listed.type);
  }
  return `/records?${params.toString()}`;
}

/** Contacts, conversations and custom object instances, and the writes refused. */
export function Records() {
  const [params, setParams] = useSearchParams();
  const lookup = lookupOf(params);
  const listed = listedOf(params);
  const types = useApi<unknown>('objects', '/custom_object_types');
  const objectTypes = types.data === undefined ? null : listOf<ObjectType>(types.data);
  const { actions, error: actionsError } = useActions();

  return (
    <>
      <h1>Contacts &amp; objects</h1>
      <KindTabs current={listed} types={objectTypes} />
      <ErrorBanner error={types.error} />
      {lookup ? (
        <>
          <p>
            <Link to={listLink(lookup)}>Back to the list</Link>
          </p>
          {/* Keyed by the record: nothing of one record's page stays on the next. */}
          <RecordPanel key={JSON.stringify(lookup)} lookup={lookup} actions={actions} />
        </>
      ) : listed.kind === 'instance' && !listed.type ? (
        <p className="muted">Choose an object type above.</p>
      ) : (
        <RecordList
          key={JSON.stringify(listed)}
          listed={listed}
          onSearch={(next) => {
            const query = new URLSearchParams({ kind: next.kind });
            if (next.kind === 'instance') {
              query.set('type', next.type);
            }
            if (next.query.trim()) {
              query.set('query', next.query.trim());
            }
            if (next.order === 'asc') {
              query.set('order', 'asc');
            }
            setParams(query);
          }}
        />
      )}
      {lookup ? null : (
        <>
          <h2 id="rejections-heading">Write rejections</h2>
          <p className="hint">
            Writes the objects service refused, from actions' results and end users' attributes, and why: a refused
            result is stored not at all.
          </p>
          <ErrorBanner error={actionsError} />
          <WriteRejections actions={actions} />
        </>
      )}
    </>
  );
}

/** The lists there are: contacts, conversations, and each custom object type's instances. */
function KindTabs({ current, types }: { current: Listed; types: ObjectType[] | null }) {
  const tabs: { label: string; kind: Kind; type: string }[] = [
    { label: 'Contacts', kind: 'contact', type: '' },
    { label: 'Conversations', kind: 'conversation', type: '' },
    ...(types ?? []).map((t) => ({
      label: t.archived ? `${t.name} (archived)` : t.name,
      kind: 'instance' as Kind,
      type: t.identifier,
    })),
  ];
  return (
    <nav className="tabs" aria-label="Record lists">
      {tabs.map((tab) => {
        const here = tab.kind === current.kind && (tab.kind !== 'instance' || tab.type === current.type);
        return (
          <Link key={`${tab.kind}:${tab.type}`} to={listLink(tab)} aria-current={here ? 'page' : undefined}>
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

const LIST_LABELS: Record<Kind, { title: string; searched: string }> = {
  contact: { title: 'Contacts', searched: 'Name, email or external id' },
  conversation: { title: 'Conversations', searched: 'External id' },
  instance: { title: 'Instances', searched: 'External id' },
};

/** One list, searched and sorted as the URL says, paged by the API's cursors. */
function RecordList({ listed, onSearch }: { listed: Listed; onSearch: (listed: Listed) => void }) {
  const pages = useCursorPages();
  const [draft, setDraft] = useState({ query: listed.query, order: listed.order });
  const {
    data: page,
    error,
    isFetching,
  } = useApi<Page<Contact | Conversation | Instance>>('objects', listPath(listed.kind, listed.type), {
    query: { query: listed.query, order: listed.order, per_page: PER_PAGE, starting_after: pages.cursor },
  });
  const labels = LIST_LABELS[listed.kind];
  const title = listed.kind === 'instance' ? `${listed.type} instances` : labels.title;
  const rows = page?.data ?? [];
  const next = page?.pages?.next?.starting_after;
  return (
    <section className="card" aria-labelledby="list-heading">
      <h2 id="list-heading" style={{ marginTop: 0 }}>
        {title}
      </h2>
      {/* biome-ignore lint/a11y/useSemanticElements: the search element isn't given the search role by every browser and reader yet */}
      <form
        role="search"
        aria-label={`Search ${title.toLowerCase()}`}
        onSubmit={(e) => {
          e.preventDefault();
          onSearch({ ...listed, ...draft });
        }}
      >
        <div className="toolbar" style={{ alignItems: 'flex-end' }}>
          <div style={{ flex: '2 1 240px' }}>
            <label htmlFor="records-query">Search</label>
            <input
              id="records-query"
              type="search"
              value={draft.query}
              placeholder={labels.searched}
              aria-describedby="records-query-hint"
              autoComplete="off"
              onChange={(e) => setDraft({ ...draft, query: e.target.value })}
            />
            <div id="records-query-hint" className="hint">
              {labels.searched}: any part of it, any case.
            </div>
          </div>
          <div style={{ flex: '1 1 180px' }}>
            <label htmlFor="records-order">Sort</label>
            <select
              id="records-order"
              value={draft.order}
              onChange={(e) => setDraft({ ...draft, order: e.target.value as Order })}
            >
              <option value="desc">Last updated first</option>
              <option value="asc">Least recently updated first</option>
            </select>
          </div>
          <div style={{ flex: '0 0 auto' }}>
            <button type="submit">Search</button>
          </div>
        </div>
      </form>
      <ErrorBanner error={error} shownFields={[]} />
      <div aria-live="polite" className="muted">
        {isFetching && !page
          ? `Loading ${title.toLowerCase()}…`
          : page && rows.length === 0
            ? listed.query
              ? `Nothing matches “${listed.query}”.`
              : `No ${title.toLowerCase()} yet.`
            : page?.total_count !== undefined
              ? `${page.total_count} ${page.total_count === 1 ? 'record' : 'records'}.`
              : null}
      </div>
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label={title} aria-busy={isFetching}>
            <thead>{listHead(listed.kind)}</thead>
            <tbody>
              {rows.map((row) => (
                <ListRow key={row.id} kind={listed.kind} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && (rows.length > 0 || pages.hasPrevious) ? (
        <Pager
          label={`${title} pages`}
          page={pages.page}
          busy={isFetching}
          hasPrevious={pages.hasPrevious}
          hasNext={Boolean(next)}
          onPrevious={pages.previous}
          onNext={() => next && pages.next(next)}
        />
      ) : null}
    </section>
  );
}

function listHead(kind: Kind) {
  const columns =
    kind === 'contact'
      ? ['Name', 'Email', 'External id', 'Role', 'Updated']
      : kind === 'conversation'
        ? ['External id', 'Contact', 'Last activity', 'Updated']
        : ['External id', 'Attributes', 'Updated'];
  return (
    <tr>
      {columns.map((c) => (
        <th key={c} scope="col">
          {c}
        </th>
      ))}
    </tr>
  );
}

function ListRow({ kind, row }: { kind: Kind; row: Contact | Conversation | Instance }) {
  if (kind === 'contact') {
    const contact = row as Contact;
    return (
      <tr>
        <td>
          <Link to={recordPath({ kind: 'contact', id: contact.id })}>
            {contact.name || contact.external_id || contact.id}
          </Link>
        </td>
        <td>{contact.email ?? <span className="muted">—</span>}</td>
        <td>{codeOrNone(contact.external_id)}</td>
        <td>{contact.role ?? <span className="muted">—</span>}</td>
        <td>
          <Time value={contact.updated_at} />
        </td>
      </tr>
    );
  }
  if (kind === 'conversation') {
    const conversation = row as Conversation;
    return (
      <tr>
        <td>
          <Link to={recordPath({ kind: 'conversation', id: conversation.id })}>
            {conversation.external_id || conversation.id}
          </Link>
        </td>
        <td>
          {conversation.contact_id ? (
            <Link to={recordPath({ kind: 'contact', id: conversation.contact_id })}>Contact</Link>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td>
          <Time value={conversation.last_activity_at} />
        </td>
        <td>
          <Time value={conversation.updated_at} />
        </td>
      </tr>
    );
  }
  const instance = row as Instance;
  const attributes = Object.entries(instance.custom_attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <tr>
      <td>
        <Link to={recordPath({ kind: 'instance', type: instance.type, id: instance.id })}>
          {instance.external_id || instance.id}
        </Link>
      </td>
      <td>
        {attributes.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          attributes
            .slice(0, 4)
            .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
            .join(', ') + (attributes.length > 4 ? ', …' : '')
        )}
      </td>
      <td>
        <Time value={instance.updated_at} />
      </td>
    </tr>
  );
}

function RecordPanel({ lookup, actions }: { lookup: Lookup; actions: ActionSummary[] | null }) {
  const { path, query } = request(lookup);
  const {
    data: record,
    error,
    isPending,
  } = useApi<Contact | Conversation | Instance>('objects', path, { query, keepPrevious: false });

  if (error instanceof ApiError && error.status === 404) {
    return (
      <p className="card" role="status">
        <strong>Not found:</strong> {notFoundText(lookup)}.
      </p>
    );
  }
  if (error) {
    return <ErrorBanner error={error} />;
  }
  if (isPending || !record) {
    return (
      <p className="muted" role="status">
        Looking it up…
      </p>
    );
  }
  const found = { kind: lookup.kind, record } as Found;
  const runs = (
    <WrittenBy path={`${listPath(lookup.kind, lookup.type)}/${encodeURIComponent(record.id)}/runs`} actions={actions} />
  );
  switch (found.kind) {
    case 'contact':
      return <ContactCard contact={found.record}>{runs}</ContactCard>;
    case 'conversation':
      return <ConversationCard conversation={found.record}>{runs}</ConversationCard>;
    case 'instance':
      return <InstanceCard instance={found.record}>{runs}</InstanceCard>;
  }
}

/** The runs whose results wrote the record, newest first, with their actions' names. */
function WrittenBy({ path, actions }: { path: string; actions: ActionSummary[] | null }) {
  const pages = useCursorPages();
  const {
    data: page,
    error,
    isFetching,
  } = useApi<Page<RunWrite>>('objects', path, { query: { per_page: 10, starting_after: pages.cursor } });
  const rows = page?.data ?? [];
  const next = page?.pages?.next?.starting_after;
  return (
    <>
      <h3 id="written-by-heading">Runs that wrote it</h3>
      <ErrorBanner error={error} />
      {page && rows.length === 0 ? (
        <p className="muted">No run wrote it in the last days the platform remembers (7 by default).</p>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-labelledby="written-by-heading" aria-busy={isFetching}>
            <thead>
              <tr>
                <th scope="col">Written</th>
                <th scope="col">Action</th>
                <th scope="col">Run</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.run_id}>
                  <td>
                    <Time value={r.written_at} />
                  </td>
                  <td>
                    {r.action_id ? (
                      <Link to={`/actions/${encodeURIComponent(r.action_id)}`}>
                        {actions?.find((a) => a.id === r.action_id)?.name ?? r.action_id}
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <Link to={`/runs/${encodeURIComponent(r.run_id)}`} title="Open the run">
                      <code>{r.run_id}</code>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && (next || pages.hasPrevious) ? (
        <Pager
          label="Pages of runs that wrote it"
          page={pages.page}
          busy={isFetching}
          hasPrevious={pages.hasPrevious}
          hasNext={Boolean(next)}
          onPrevious={pages.previous}
          onNext={() => next && pages.next(next)}
        />
      ) : null}
    </>
  );
}

function ContactCard({ contact, children }: { contact: Contact; children?: React.ReactNode }) {
  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading" style={{ marginTop: 0 }}>
        Contact {contact.name ?? contact.external_id ?? contact.id}
      </h2>
      <Facts
        label="Contact"
        rows={{
          Id: codeOrNone(contact.id),
          'External id': codeOrNone(contact.external_id),
          Role: contact.role,
          Name: contact.name,
          Email: contact.email,
          Created: <Time value={contact.created_at} />,
          Updated: <Time value={contact.updated_at} />,
        }}
      />
      <CustomAttributes values={contact.custom_attributes} />
      <Referencing list={contact.custom_object_instances} />
      {children}
    </section>
  );
}

function ConversationCard({ conversation, children }: { conversation: Conversation; children?: React.ReactNode }) {
  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading" style={{ marginTop: 0 }}>
        Conversation {conversation.external_id ?? conversation.id}
      </h2>
      <Facts
        label="Conversation"
        rows={{
          Id: codeOrNone(conversation.id),
          'External id': codeOrNone(conversation.external_id),
          Contact: conversation.contact_id ? (
            <Link to={recordPath({ kind: 'contact', id: conversation.contact_id })}>
              <code>{conversation.contact_id}</code>
            </Link>
          ) : null,
          Created: <Time value={conversation.created_at} />,
          Updated: <Time value={conversation.updated_at} />,
          'Last activity': <Time value={conversation.last_activity_at} />,
        }}
      />
      <p>
        <Link to={`/runs?conversation_id=${encodeURIComponent(conversation.id)}`}>Runs in this conversation</Link>
      </p>
      <CustomAttributes values={conversation.custom_attributes} />
      <Referencing list={conversation.custom_object_instances} />
      {children}
    </section>
  );
}

function InstanceCard({ instance, children }: { instance: Instance; children?: React.ReactNode }) {
  const references = instance.references ?? [];
  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading" style={{ marginTop: 0 }}>
        {instance.type} {instance.external_id ?? instance.id}
      </h2>
      <Facts
        label="Custom object instance"
        rows={{
          Type: codeOrNone(instance.type),
          Id: codeOrNone(instance.id),
          'External id': codeOrNone(instance.external_id),
          'External created': <Time value={instance.external_created_at} />,
          'External updated': <Time value={instance.external_updated_at} />,
          Created: <Time value={instance.created_at} />,
          Updated: <Time value={instance.updated_at} />,
        }}
      />
      <CustomAttributes values={instance.custom_attributes} />
      <h3>References</h3>
      {references.length === 0 ? (
        <p className="muted">It references no contact or conversation.</p>
      ) : (
        <ul>
          {references.map((ref) => (
            <li key={`${ref.type}:${ref.id}`}>
              {ref.type === 'contact' || ref.type === 'conversation' ? (
                <Link to={recordPath({ kind: ref.type, id: ref.id })}>
                  {ref.type} <code>{ref.id}</code>
                </Link>
              ) : (
                <>
                  {ref.type} <code>{ref.id}</code>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}

function CustomAttributes({ values }: { values?: Attributes }) {
  const entries = Object.entries(values ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <>
      <h3>Custom attributes</h3>
      {entries.length === 0 ? (
        <p className="muted">No custom attributes.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Custom attributes">
            <thead>
              <tr>
                <th scope="col">Attribute</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(([name, value]) => (
                <tr key={name}>
                  <td>
                    <code>{name}</code>
                  </td>
                  <td>{typeof value === 'string' ? value : <code>{JSON.stringify(value)}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The custom object instances that reference a contact or conversation (the API gives the 10 latest). */
function Referencing({ list }: { list?: ReferencingInstances }) {
  const items = list?.data ?? [];
  return (
    <>
      <h3>Custom objects</h3>
      {items.length === 0 ? (
        <p className="muted">No custom object instance references it.</p>
      ) : (
        <>
          <ul>
            {items.map((item) => (
              <li key={item.id}>
                <Link to={recordPath({ kind: 'instance', type: item.type, id: item.id })}>
                  {item.type} {item.external_id ?? item.id}
                </Link>
              </li>
            ))}
          </ul>
          {list?.has_more ? (
            <p className="hint">
              The {items.length} most recently updated of {list.total_count} are shown.
            </p>
          ) : null}
        </>
      )}
    </>
  );
}

interface RejectionFilters {
  source: string;
  source_id: string;
  conversation_id: string;
  action_id: string;
  reason: string;
}

const NO_REJECTION_FILTERS: RejectionFilters = {
  source: '',
  source_id: '',
  conversation_id: '',
  action_id: '',
  reason: '',
};
const REJECTION_FIELDS = Object.keys(NO_REJECTION_FILTERS);

function WriteRejections({ actions }: { actions: ActionSummary[] | null }) {
  const [filters, setFilters] = useState<RejectionFilters>(NO_REJECTION_FILTERS);
  const pages = useCursorPages();
  const { cursor, reset } = pages;
  const {
    data: page,
    error,
    isFetching: loading,
  } = useApi<RejectionPage>('objects', '/write_rejections', {
    query: { ...filters, per_page: 50, starting_after: cursor },
  });

  const rejections = page?.data ?? [];
  const next = page?.pages?.next?.starting_after;
  const filtered = Object.values(filters).some((v) => v !== '');
  return (
    <section aria-labelledby="rejections-heading">
      <RejectionFilterForm
        actions={actions}
        error={error}
        onApply={(f) => {
          setFilters(f);
          reset();
        }}
      />
      <ErrorBanner error={error} shownFields={REJECTION_FIELDS} />
      <div aria-live="polite" className="muted">
        {loading
          ? 'Loading write rejections…'
          : page && rejections.length === 0
            ? filtered
              ? 'No write rejections match these filters.'
              : 'No write has been refused.'
            : page?.total_count !== undefined
              ? `${page.total_count} refused ${page.total_count === 1 ? 'write' : 'writes'}, oldest first.`
              : null}
      </div>
      {rejections.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="Write rejections" aria-busy={loading}>
            <thead>
              <tr>
                <th scope="col">Refused</th>
                <th scope="col">Source</th>
                <th scope="col">Action</th>
                <th scope="col">Conversation</th>
                <th scope="col">Reason</th>
                <th scope="col">Problems</th>
              </tr>
            </thead>
            <tbody>
              {rejections.map((r) => (
                <RejectionRow key={r.id} rejection={r} actions={actions} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && (rejections.length > 0 || pages.hasPrevious) ? (
        <Pager
          label="Write rejection pages"
          page={pages.page}
          busy={loading}
          hasPrevious={pages.hasPrevious}
          hasNext={Boolean(next)}
          onPrevious={pages.previous}
          onNext={() => next && pages.next(next)}
        />
      ) : null}
    </section>
  );
}

function RejectionRow({ rejection: r, actions }: { rejection: Rejection; actions: ActionSummary[] | null }) {
  const action = r.action_id ? (actions?.find((a) => a.id === r.action_id)?.name ?? r.action_id) : null;
  return (
    <tr>
      <td>
        <Time value={r.rejected_at} />
      </td>
      <td>
        {r.source === 'action_result' ? 'action result' : r.source === 'channel_event' ? 'channel event' : r.source}
        {r.source_id ? (
          <div>
            {r.source === 'action_result' ? (
              <Link to={`/runs/${encodeURIComponent(r.source_id)}`} title="Open the run">
                <code>{r.source_id}</code>
              </Link>
            ) : (
              <code>{r.source_id}</code>
            )}
          </div>
        ) : null}
      </td>
      <td>{action ?? <span className="muted">—</span>}</td>
      <td>
        {r.conversation_id ? (
          <Link to={recordPath({ kind: 'conversation', id: r.conversation_id })}>
            <code>{r.conversation_id}</code>
          </Link>
        ) : (
          <span className="muted">—</span>
        )}
        {r.contact_id ? (
          <div>
            contact{' '}
            <Link to={recordPath({ kind: 'contact', id: r.contact_id })}>
              <code>{r.contact_id}</code>
            </Link>
          </div>
        ) : null}
      </td>
      <td>
        <code>{r.reason}</code>
      </td>
      <td>
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {(r.errors ?? []).map((e, i) => (
            <li key={i}>
              {e.field ? (
                <>
                  <code>{e.field}</code>:{' '}
                </>
              ) : null}
              {e.message}
              {e.reason ? <span className="muted"> ({e.reason})</span> : null}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

function RejectionFilterForm({
  actions,
  error,
  onApply,
}: {
  actions: ActionSummary[] | null;
  error: unknown;
  onApply: (filters: RejectionFilters) => void;
}) {
  const [draft, setDraft] = useState<RejectionFilters>(NO_REJECTION_FILTERS);
  const set = (name: keyof RejectionFilters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [name]: e.target.value });
  const invalid = (name: string) => hasError(error, name) || undefined;
  const field = { flex: '1 1 170px' };
  return (
    <form
      className="card"
      aria-label="Write rejection filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply({
          ...draft,
          source_id: draft.source_id.trim(),
          conversation_id: draft.conversation_id.trim(),
          reason: draft.reason.trim(),
        });
      }}
    >
      <div className="toolbar" style={{ alignItems: 'flex-start' }}>
        <div style={field}>
          <label htmlFor="rejections-source">Source</label>
          <select id="rejections-source" value={draft.source} onChange={set('source')} aria-invalid={invalid('source')}>
            <option value="">Any source</option>
            <option value="action_result">Action results</option>
            <option value="channel_event">Channel events</option>
          </select>
          <FieldErrors error={error} field="source" />
        </div>
        <div style={field}>
          <label htmlFor="rejections-source-id">Source id</label>
          <input
            id="rejections-source-id"
            type="text"
            value={draft.source_id}
            onChange={set('source_id')}
            aria-invalid={invalid('source_id')}
            aria-describedby="rejections-source-id-hint"
            autoComplete="off"
          />
          <div id="rejections-source-id-hint" className="hint">
            A run id or a channel event id.
          </div>
          <FieldErrors error={error} field="source_id" />
        </div>
        <div style={field}>
          <label htmlFor="rejections-conversation">Conversation id</label>
          <input
            id="rejections-conversation"
            type="text"
            value={draft.conversation_id}
            onChange={set('conversation_id')}
            aria-invalid={invalid('conversation_id')}
            autoComplete="off"
          />
          <FieldErrors error={error} field="conversation_id" />
        </div>
        <div style={field}>
          <label htmlFor="rejections-action">Action</label>
          <select
            id="rejections-action"
            value={draft.action_id}
            onChange={set('action_id')}
            aria-invalid={invalid('action_id')}
          >
            <option value="">Any action</option>
            {(actions ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <FieldErrors error={error} field="action_id" />
        </div>
        <div style={field}>
          <label htmlFor="rejections-reason">Reason</label>
          <input
            id="rejections-reason"
            type="text"
            value={draft.reason}
            onChange={set('reason')}
            aria-invalid={invalid('reason')}
            aria-describedby="rejections-reason-hint"
            autoComplete="off"
          />
          <div id="rejections-reason-hint" className="hint">
            Such as protected_attribute or wrong_type.
          </div>
          <FieldErrors error={error} field="reason" />
        </div>
      </div>
      <div className="toolbar">
        <button type="submit">Filter rejections</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(NO_REJECTION_FILTERS);
            onApply(NO_REJECTION_FILTERS);
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
