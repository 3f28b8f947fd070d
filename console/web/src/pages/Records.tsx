import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError, listOf } from '../api';
import { useActions, type ActionSummary } from '../components/actions';
import { ErrorBanner, FieldErrors, hasError } from '../components/Errors';
import { codeOrNone, Facts } from '../components/Facts';
import { recordPath } from '../components/links';
import { Pager, useCursorPages } from '../components/Pager';
import { Time } from '../components/Time';

// The stored data (objects service): a contact or conversation by id or external id, a custom
// object instance by type and id or external id, and the writes the service refused. The record
// shown is in the URL (`?kind=contact&external_id=…`), so that links between records open them
// here and the browser's Back returns to the previous one. Times are Unix seconds.

type Kind = 'contact' | 'conversation' | 'instance';
type By = 'external_id' | 'id';

interface Lookup {
  kind: Kind;
  /** The custom object type's identifier (instances only). */
  type: string;
  by: By;
  value: string;
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

type Found = { kind: 'contact'; record: Contact } | { kind: 'conversation'; record: Conversation }
  | { kind: 'instance'; record: Instance };

interface ObjectType {
  identifier: string;
  name: string;
  archived?: boolean;
}

interface Rejection {
  type: 'write_rejection';
  id: number;
  source: string;
  source_id?: string | null;
  conversation_id?: string | null;
  contact_id?: string | null;
  action_id?: string | null;
  reason: string;
  errors?: { reason?: string; field?: string | null; message: string }[];
  rejected_at: number;
}

interface RejectionPage {
  data: Rejection[];
  total_count?: number;
  pages?: { next?: { starting_after: string } | null };
}

const KINDS: { value: Kind; label: string }[] = [
  { value: 'contact', label: 'Contact' },
  { value: 'conversation', label: 'Conversation' },
  { value: 'instance', label: 'Custom object instance' },
];

function lookupOf(params: URLSearchParams): Lookup | null {
  const kind = KINDS.find((k) => k.value === params.get('kind'))?.value;
  const by: By = params.has('id') ? 'id' : 'external_id';
  const value = params.get(by) ?? '';
  const type = params.get('type') ?? '';
  if (!kind || !value || (kind === 'instance' && !type)) {
    return null;
  }
  return { kind, type, by, value };
}

function request(lookup: Lookup): { path: string; query?: Record<string, string> } {
  const value = encodeURIComponent(lookup.value);
  const base = lookup.kind === 'instance' ? `/custom_object_instances/${encodeURIComponent(lookup.type)}` : `/${lookup.kind}s`;
  return lookup.by === 'id' ? { path: `${base}/${value}` } : { path: base, query: { external_id: lookup.value } };
}

function notFoundText(lookup: Lookup): string {
  const what = lookup.kind === 'instance' ? `${lookup.type} instance` : lookup.kind;
  return `no ${what} with ${lookup.by === 'id' ? 'id' : 'external id'} “${lookup.value}”`;
}

/** Contacts, conversations and custom object instances, and the writes refused. */
export function Records() {
  const [params, setParams] = useSearchParams();
  const lookup = useMemo(() => lookupOf(params), [params]);
  const lookupKey = lookup ? JSON.stringify(lookup) : '';
  const { actions, error: actionsError } = useActions();
  const [types, setTypes] = useState<ObjectType[] | null>(null);
  const [typesError, setTypesError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    api('objects', '/custom_object_types')
      .then((answer) => current && setTypes(listOf<ObjectType>(answer)))
      .catch((e: unknown) => current && setTypesError(e));
    return () => {
      current = false;
    };
  }, []);

  const find = (next: Lookup) => {
    const query = new URLSearchParams({ kind: next.kind });
    if (next.kind === 'instance') {
      query.set('type', next.type);
    }
    query.set(next.by, next.value.trim());
    setParams(query);
  };

  return (
    <>
      <h1>Contacts &amp; objects</h1>
      {/* Keys unique among these siblings: with one key twice, React left a stale form behind on every change. */}
      <LookupForm key={`form:${lookupKey}`} initial={lookup} types={types} onFind={find} />
      <ErrorBanner error={typesError} />
      {lookup ? <RecordPanel key={`record:${lookupKey}`} lookup={lookup} /> : null}
      <h2 id="rejections-heading">Write rejections</h2>
      <p className="hint">Writes the objects service refused, from actions' results and end users' attributes, and why:
        a refused result is stored not at all.</p>
      <ErrorBanner error={actionsError} />
      <WriteRejections actions={actions} />
    </>
  );
}

function LookupForm({ initial, types, onFind }: { initial: Lookup | null; types: ObjectType[] | null; onFind: (lookup: Lookup) => void }) {
  const [draft, setDraft] = useState<Lookup>(initial ?? { kind: 'contact', type: '', by: 'external_id', value: '' });
  const set = <K extends keyof Lookup>(name: K, value: Lookup[K]) => setDraft({ ...draft, [name]: value });
  const knownType = !draft.type || types?.some((t) => t.identifier === draft.type);
  const field = { flex: '1 1 180px' };
  return (
    <form className="card" aria-label="Find a record" onSubmit={(e) => {
      e.preventDefault();
      if (draft.value.trim() && (draft.kind !== 'instance' || draft.type)) {
        onFind(draft);
      }
    }}>
      <div className="toolbar" style={{ alignItems: 'flex-end' }}>
        <div style={field}>
          <label htmlFor="lookup-kind">Record</label>
          <select id="lookup-kind" value={draft.kind} onChange={(e) => set('kind', e.target.value as Kind)}>
            {KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
          </select>
        </div>
        {draft.kind === 'instance' ? (
          <div style={field}>
            <label htmlFor="lookup-type">Object type</label>
            <select id="lookup-type" value={draft.type} onChange={(e) => set('type', e.target.value)} required>
              <option value="">{types === null ? 'Loading types…' : types.length === 0 ? 'No types defined' : 'Choose a type'}</option>
              {(types ?? []).map((t) => (
                <option key={t.identifier} value={t.identifier}>{t.name} ({t.identifier}){t.archived ? ', archived' : ''}</option>
              ))}
              {!knownType ? <option value={draft.type}>{draft.type}</option> : null}
            </select>
          </div>
        ) : null}
        <div style={field}>
          <label htmlFor="lookup-by">Search by</label>
          <select id="lookup-by" value={draft.by} onChange={(e) => set('by', e.target.value as By)}>
            <option value="external_id">External id</option>
            <option value="id">Id</option>
          </select>
        </div>
        <div style={{ flex: '2 1 240px' }}>
          <label htmlFor="lookup-value">{draft.by === 'id' ? 'Id' : 'External id'}</label>
          <input id="lookup-value" type="text" value={draft.value} onChange={(e) => set('value', e.target.value)}
            autoComplete="off" required />
        </div>
        <div style={{ flex: '0 0 auto' }}>
          <button type="submit">Find</button>
        </div>
      </div>
    </form>
  );
}

function RecordPanel({ lookup }: { lookup: Lookup }) {
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    const { path, query } = request(lookup);
    api<unknown>('objects', path, { query })
      .then((record) => current && setFound({ kind: lookup.kind, record } as Found))
      .catch((e: unknown) => current && setError(e))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [lookup]);

  if (loading) {
    return <p className="muted" role="status">Looking it up…</p>;
  }
  if (error instanceof ApiError && error.status === 404) {
    return <p className="card" role="status"><strong>Not found:</strong> {notFoundText(lookup)}.</p>;
  }
  if (error) {
    return <ErrorBanner error={error} />;
  }
  if (!found) {
    return null;
  }
  switch (found.kind) {
    case 'contact':
      return <ContactCard contact={found.record} />;
    case 'conversation':
      return <ConversationCard conversation={found.record} />;
    case 'instance':
      return <InstanceCard instance={found.record} />;
  }
}

function ContactCard({ contact }: { contact: Contact }) {
  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading" style={{ marginTop: 0 }}>Contact {contact.name ?? contact.external_id ?? contact.id}</h2>
      <Facts label="Contact" rows={[
        ['Id', codeOrNone(contact.id)],
        ['External id', codeOrNone(contact.external_id)],
        ['Role', contact.role],
        ['Name', contact.name],
        ['Email', contact.email],
        ['Created', <Time value={contact.created_at} />],
        ['Updated', <Time value={contact.updated_at} />],
      ]} />
      <CustomAttributes values={contact.custom_attributes} />
      <Referencing list={contact.custom_object_instances} />
    </section>
  );
}

function ConversationCard({ conversation }: { conversation: Conversation }) {
  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading" style={{ marginTop: 0 }}>Conversation {conversation.external_id ?? conversation.id}</h2>
      <Facts label="Conversation" rows={[
        ['Id', codeOrNone(conversation.id)],
        ['External id', codeOrNone(conversation.external_id)],
        ['Contact', conversation.contact_id
          ? <Link to={recordPath({ kind: 'contact', id: conversation.contact_id })}><code>{conversation.contact_id}</code></Link>
          : null],
        ['Created', <Time value={conversation.created_at} />],
        ['Updated', <Time value={conversation.updated_at} />],
        ['Last activity', <Time value={conversation.last_activity_at} />],
      ]} />
      <p><Link to={`/runs?conversation_id=${encodeURIComponent(conversation.id)}`}>Runs in this conversation</Link></p>
      <CustomAttributes values={conversation.custom_attributes} />
      <Referencing list={conversation.custom_object_instances} />
    </section>
  );
}

function InstanceCard({ instance }: { instance: Instance }) {
  const references = instance.references ?? [];
  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading" style={{ marginTop: 0 }}>{instance.type} {instance.external_id ?? instance.id}</h2>
      <Facts label="Custom object instance" rows={[
        ['Type', codeOrNone(instance.type)],
        ['Id', codeOrNone(instance.id)],
        ['External id', codeOrNone(instance.external_id)],
        ['External created', <Time value={instance.external_created_at} />],
        ['External updated', <Time value={instance.external_updated_at} />],
        ['Created', <Time value={instance.created_at} />],
        ['Updated', <Time value={instance.updated_at} />],
      ]} />
      <CustomAttributes values={instance.custom_attributes} />
      <h3>References</h3>
      {references.length === 0 ? <p className="muted">It references no contact or conversation.</p> : (
        <ul>
          {references.map((ref) => (
            <li key={`${ref.type}:${ref.id}`}>
              {ref.type === 'contact' || ref.type === 'conversation' ? (
                <Link to={recordPath({ kind: ref.type, id: ref.id })}>{ref.type} <code>{ref.id}</code></Link>
              ) : <>{ref.type} <code>{ref.id}</code></>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CustomAttributes({ values }: { values?: Attributes }) {
  const entries = Object.entries(values ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <>
      <h3>Custom attributes</h3>
      {entries.length === 0 ? <p className="muted">No custom attributes.</p> : (
        <div className="table-wrap">
          <table className="table" aria-label="Custom attributes">
            <thead><tr><th scope="col">Attribute</th><th scope="col">Value</th></tr></thead>
            <tbody>
              {entries.map(([name, value]) => (
                <tr key={name}>
                  <td><code>{name}</code></td>
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
      {items.length === 0 ? <p className="muted">No custom object instance references it.</p> : (
        <>
          <ul>
            {items.map((item) => (
              <li key={item.id}>
                <Link to={recordPath({ kind: 'instance', type: item.type, id: item.id })}>
                  {item.type} {item.external_id ?? item.id}</Link>
              </li>
            ))}
          </ul>
          {list?.has_more ? (
            <p className="hint">The {items.length} most recently updated of {list.total_count} are shown.</p>
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

const NO_REJECTION_FILTERS: RejectionFilters = { source: '', source_id: '', conversation_id: '', action_id: '', reason: '' };
const REJECTION_FIELDS = Object.keys(NO_REJECTION_FILTERS);

function WriteRejections({ actions }: { actions: ActionSummary[] | null }) {
  const [filters, setFilters] = useState<RejectionFilters>(NO_REJECTION_FILTERS);
  const pages = useCursorPages();
  const [page, setPage] = useState<RejectionPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const { cursor, reset } = pages;

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    api<RejectionPage>('objects', '/write_rejections', { query: { ...filters, per_page: 50, starting_after: cursor } })
      .then((answer) => current && setPage(answer))
      .catch((e: unknown) => {
        if (current) {
          setError(e);
          setPage(null);
        }
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [filters, cursor]);

  const rejections = page?.data ?? [];
  const next = page?.pages?.next?.starting_after;
  const filtered = Object.values(filters).some((v) => v !== '');
  return (
    <section aria-labelledby="rejections-heading">
      <RejectionFilterForm actions={actions} error={error} onApply={(f) => {
        setFilters(f);
        reset();
      }} />
      <ErrorBanner error={error} shownFields={REJECTION_FIELDS} />
      <div aria-live="polite" className="muted">
        {loading ? 'Loading write rejections…' : page && rejections.length === 0
          ? (filtered ? 'No write rejections match these filters.' : 'No write has been refused.')
          : page?.total_count !== undefined ? `${page.total_count} refused ${page.total_count === 1 ? 'write' : 'writes'}, oldest first.` : null}
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
              {rejections.map((r) => <RejectionRow key={r.id} rejection={r} actions={actions} />)}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && (rejections.length > 0 || pages.hasPrevious) ? (
        <Pager label="Write rejection pages" page={pages.page} busy={loading} hasPrevious={pages.hasPrevious}
          hasNext={Boolean(next)} onPrevious={pages.previous} onNext={() => next && pages.next(next)} />
      ) : null}
    </section>
  );
}

function RejectionRow({ rejection: r, actions }: { rejection: Rejection; actions: ActionSummary[] | null }) {
  const action = r.action_id ? actions?.find((a) => a.id === r.action_id)?.name ?? r.action_id : null;
  return (
    <tr>
      <td><Time value={r.rejected_at} /></td>
      <td>
        {r.source === 'action_result' ? 'action result' : r.source === 'channel_event' ? 'channel event' : r.source}
        {r.source_id ? <div>{r.source === 'action_result'
          ? <Link to={`/runs/${encodeURIComponent(r.source_id)}`} title="Open the run"><code>{r.source_id}</code></Link>
          : <code>{r.source_id}</code>}</div> : null}
      </td>
      <td>{action ?? <span className="muted">—</span>}</td>
      <td>
        {r.conversation_id
          ? <Link to={recordPath({ kind: 'conversation', id: r.conversation_id })}><code>{r.conversation_id}</code></Link>
          : <span className="muted">—</span>}
        {r.contact_id ? <div>contact <Link to={recordPath({ kind: 'contact', id: r.contact_id })}><code>{r.contact_id}</code></Link></div> : null}
      </td>
      <td><code>{r.reason}</code></td>
      <td>
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {(r.errors ?? []).map((e, i) => (
            <li key={i}>{e.field ? <><code>{e.field}</code>: </> : null}{e.message}
              {e.reason ? <span className="muted"> ({e.reason})</span> : null}</li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

function RejectionFilterForm({ actions, error, onApply }: {
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
    <form className="card" aria-label="Write rejection filters" onSubmit={(e) => {
      e.preventDefault();
      onApply({ ...draft, source_id: draft.source_id.trim(), conversation_id: draft.conversation_id.trim(),
        reason: draft.reason.trim() });
    }}>
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
          <input id="rejections-source-id" type="text" value={draft.source_id} onChange={set('source_id')}
            aria-invalid={invalid('source_id')} aria-describedby="rejections-source-id-hint" autoComplete="off" />
          <div id="rejections-source-id-hint" className="hint">A run id or a channel event id.</div>
          <FieldErrors error={error} field="source_id" />
        </div>
        <div style={field}>
          <label htmlFor="rejections-conversation">Conversation id</label>
          <input id="rejections-conversation" type="text" value={draft.conversation_id} onChange={set('conversation_id')}
            aria-invalid={invalid('conversation_id')} autoComplete="off" />
          <FieldErrors error={error} field="conversation_id" />
        </div>
        <div style={field}>
          <label htmlFor="rejections-action">Action</label>
          <select id="rejections-action" value={draft.action_id} onChange={set('action_id')} aria-invalid={invalid('action_id')}>
            <option value="">Any action</option>
            {(actions ?? []).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
          <FieldErrors error={error} field="action_id" />
        </div>
        <div style={field}>
          <label htmlFor="rejections-reason">Reason</label>
          <input id="rejections-reason" type="text" value={draft.reason} onChange={set('reason')}
            aria-invalid={invalid('reason')} aria-describedby="rejections-reason-hint" autoComplete="off" />
          <div id="rejections-reason-hint" className="hint">Such as protected_attribute or wrong_type.</div>
          <FieldErrors error={error} field="reason" />
        </div>
      </div>
      <div className="toolbar">
        <button type="submit">Filter rejections</button>
        <button type="button" className="secondary" onClick={() => {
          setDraft(NO_REJECTION_FILTERS);
          onApply(NO_REJECTION_FILTERS);
        }}>Clear filters</button>
      </div>
    </form>
  );
}
