import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ApiError, api } from '../api';
import { ErrorBanner, FieldErrors, hasError } from '../components/Errors';
import { codeOrNone, Facts } from '../components/Facts';
import { JsonTree } from '../components/JsonTree';
import { PerPageField, UrlListPager, type UrlListState, useUrlList } from '../components/Pager';
import { TextField } from '../components/TextField';
import { Time } from '../components/Time';
import { useApi } from '../query';

// Dead letters (definitions service): the records a service could not apply, set aside on a
// dead-letter topic. GET /dead_letters lists them newest first (filtered by topic, reason and status,
// paged with pages.next.starting_after, total_count the number matching), GET /dead_letters/{id}
// reads one, POST /dead_letters/replay sends records back to their topic and POST /dead_letters/discard
// closes them with a reason; both take {ids} or {all_matching: {topic, reason}}. The filters are kept
// in the page's URL as the API's query parameters, like the run log's. An admin's token sees its
// workspace's dead letters; an operator's (GET /tokens/current lists its scopes) every workspace's.

type DeadLetterStatus = 'open' | 'replayed' | 'discarded';

/** A place in a topic. */
interface TopicPosition {
  topic: string;
  partition: number;
  offset: number;
}

/** One replay or discard of a dead letter. */
interface DeadLetterEvent {
  action: 'replayed' | 'discarded';
  /** The id of the token that did it. */
  by: string;
  at: string;
  reason?: string | null;
  /** Where a replay wrote the record again. */
  replayed_to?: TopicPosition | null;
}

interface DeadLetter {
  type: 'dead_letter';
  /** `<dead-letter topic>:<partition>:<offset>`. */
  id: string;
  /** The source topic. */
  topic: string;
  /** In the source topic; null when unknown. */
  partition: number | null;
  offset: number | null;
  key?: string | null;
  /** Null: the record names no workspace (an operator sees those). */
  workspace_id: string | null;
  reason: string;
  cause?: string | null;
  /** The Java class name of what was thrown. */
  exception?: string | null;
  dead_lettered_at: string;
  /** The record's value as text, secrets masked (****), at most 8 KiB. */
  payload: string | null;
  payload_size: number;
  payload_truncated: boolean;
  status: DeadLetterStatus;
  history: DeadLetterEvent[];
}

interface DeadLetterPage {
  type: 'list';
  data: DeadLetter[];
  total_count: number;
  pages?: { per_page?: number; next?: { starting_after: string } | null };
}

interface Skipped {
  id: string;
  reason: string;
}

interface ReplayAnswer {
  type: 'dead_letter_replay';
  replayed: ({ id: string } & TopicPosition)[];
  skipped: Skipped[];
}

interface DiscardAnswer {
  type: 'dead_letter_discard';
  discarded: string[];
  skipped: Skipped[];
}

/** GET /tokens/current: the caller's scopes. */
interface TokenScopes {
  type: 'token_scopes';
  workspace_id: string;
  scopes: string[];
}

/** What a replay or a discard acts on: the records named, or every open one the filters match. */
type Target = { ids: string[] } | { all_matching: { topic?: string; reason?: string } };

/** The source topics whose records can be dead-lettered. */
const TOPICS = [
  'channel.events',
  'action.invocations',
  'action.results',
  'action.test-results',
  'definitions.changes',
  'auth.tokens',
] as const;

const STATUSES: { value: string; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'replayed', label: 'Replayed' },
  { value: 'discarded', label: 'Discarded' },
  { value: 'all', label: 'All' },
];

const FILTERS = ['topic', 'reason', 'status'] as const;
type FilterName = (typeof FILTERS)[number];
type Filters = Record<FilterName, string>;

const FILTER_FIELDS: string[] = [...FILTERS, 'per_page', 'starting_after'];
const DEFAULT_STATUS = 'open';
const DEFAULT_PER_PAGE = '25';
const REASON_SHOWN = 120;

/** What a dead letter's page needs to link back to the list as it was. */
interface FromList {
  listSearch?: string;
  earlier?: string[];
}

function filtersOf(params: URLSearchParams): Filters {
  return {
    topic: params.get('topic') ?? '',
    reason: params.get('reason') ?? '',
    status: params.get('status') || DEFAULT_STATUS,
  };
}

function detailPath(id: string): string {
  return `/dead-letters/${encodeURIComponent(id)}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 skipped: already replayed", or with several reasons "3 skipped: already replayed (2), not found (1)". */
function skippedText(skipped: Skipped[]): string {
  const byReason = new Map<string, number>();
  for (const s of skipped) {
    byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  }
  const reasons = [...byReason.entries()];
  const why = reasons.length === 1 ? reasons[0][0] : reasons.map(([reason, n]) => `${reason} (${n})`).join(', ');
  return `${skipped.length} skipped: ${why}`;
}

/** "Replayed 3; 1 skipped: already replayed". */
function replayOutcome(answer: ReplayAnswer): string {
  const skipped = answer.skipped ?? [];
  return `Replayed ${answer.replayed?.length ?? 0}${skipped.length > 0 ? `; ${skippedText(skipped)}` : ''}`;
}

/** "Discarded 2; 1 skipped: already replayed". */
function discardOutcome(answer: DiscardAnswer): string {
  const skipped = answer.skipped ?? [];
  return `Discarded ${answer.discarded?.length ?? 0}${skipped.length > 0 ? `; ${skippedText(skipped)}` : ''}`;
}

/** What the filters match, in words: "open dead letters of action.results whose reason contains “tier”". */
function matchingText(filters: Filters, count: number): string {
  const what = count === 1 ? 'open dead letter' : 'open dead letters';
  const topic = filters.topic ? ` of ${filters.topic}` : ' of every topic';
  const reason = filters.reason ? ` whose reason contains “${filters.reason}”` : '';
  return `${what}${topic}${reason}`;
}

function StatusTag({ status }: { status: string }) {
  return <span className={`tag ${status}`}>{status}</span>;
}

function truncated(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/**
 * Replay and discard, as the list and a dead letter's page both use them: each answer is put in words
 * ("Replayed 3; 1 skipped: already replayed"), and every dead-letter read (lists and records) is asked
 * again. A refusal is kept for the form that asked, which shows it beside the field it names.
 */
function useDeadLetterActions() {
  const cache = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (call: () => Promise<string>): Promise<string | null> => {
    setError(null);
    setBusy(true);
    try {
      const outcome = await call();
      void cache.invalidateQueries({
        predicate: (query) =>
          query.queryKey[0] === 'definitions' &&
          typeof query.queryKey[1] === 'string' &&
          query.queryKey[1].startsWith('/dead_letters'),
      });
      return outcome;
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    error,
    clearError: () => setError(null),
    replay: (target: Target) =>
      run(async () =>
        replayOutcome(await api<ReplayAnswer>('definitions', '/dead_letters/replay', { method: 'POST', body: target })),
      ),
    discard: (target: Target, reason: string) =>
      run(async () =>
        discardOutcome(
          await api<DiscardAnswer>('definitions', '/dead_letters/discard', {
            method: 'POST',
            body: { ...target, reason },
          }),
        ),
      ),
  };
}

/** Which confirmation or form the list shows under its buttons. */
type Step = 'discard-selected' | 'replay-all' | 'discard-all' | null;

/** The dead letters the token can see, filtered and paged as the URL says, with replay and discard. */
export function DeadLetters() {
  const { params, location, perPage, cursor, earlier, show, goTo } = useUrlList<Filters>(DEFAULT_PER_PAGE, {
    status: DEFAULT_STATUS,
  });
  const caller = useApi<TokenScopes>('definitions', '/tokens/current').data;

  const filters = filtersOf(params);

  const answer = useApi<DeadLetterPage>('definitions', '/dead_letters', {
    query: { ...filters, per_page: perPage, starting_after: cursor },
  });
  const error = answer.error;
  const page = error ? null : (answer.data ?? null);
  const loading = answer.isFetching;
  const deadLetters = page?.data ?? [];

  // The selection belongs to the list as shown: other filters or another page start with none.
  const [selection, setSelection] = useState<{ search: string; ids: string[] }>({ search: '', ids: [] });
  const selected = new Set(selection.search === location.search ? selection.ids : []);
  const select = (ids: string[]) => setSelection({ search: location.search, ids });
  const selectedIds = deadLetters.filter((d) => selected.has(d.id)).map((d) => d.id);

  const [step, setStep] = useState<Step>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const actions = useDeadLetterActions();
  const open = (next: Step) => {
    actions.clearError();
    setStep(next);
  };
  const done = (message: string | null) => {
    if (message !== null) {
      setOutcome(message);
      select([]);
      setStep(null);
    }
  };
  const allMatching: Target = {
    all_matching: {
      ...(filters.topic ? { topic: filters.topic } : {}),
      ...(filters.reason ? { reason: filters.reason } : {}),
    },
  };

  const nextCursor = page?.pages?.next?.starting_after;
  const total = page?.total_count ?? 0;
  const filtered = filters.topic !== '' || filters.reason !== '' || filters.status !== DEFAULT_STATUS;
  const fromList: FromList = { listSearch: location.search, earlier };
  const allMatchingOpen = filters.status === 'open';
  const statusWord = filters.status === 'all' ? '' : `${filters.status} `;
  return (
    <>
      <h1>Dead letters</h1>
      <p>
        A dead letter is a record that a service could not apply and set aside. Fix the cause, then replay it: replaying
        a record that was applied before changes nothing.
      </p>
      {caller ? (
        <p className="hint">
          {(caller.scopes ?? []).includes('operator')
            ? "With the operator scope, this lists every workspace's dead letters and those that name no workspace."
            : "This lists this workspace's dead letters."}
        </p>
      ) : null}
      <DeadLetterFilters
        key={`${FILTERS.map((name) => filters[name]).join('\n')}\n${perPage}`}
        initial={filters}
        perPage={perPage}
        error={error}
        onApply={show}
      />
      {error instanceof ApiError && error.status === 403 ? (
        <div className="banner error" role="alert">
          Dead letters need a token with the admin or operator scope.
        </div>
      ) : (
        <ErrorBanner error={error} shownFields={FILTER_FIELDS} />
      )}
      <p aria-live="polite" className="muted">
        {loading && !page
          ? 'Loading dead letters…'
          : page
            ? total === 0
              ? filtered
                ? 'No dead letters match these filters.'
                : 'No open dead letters: every record was applied.'
              : `${plural(total, `${statusWord}dead letter`)}${filtered ? ' match these filters' : ''}.`
            : null}
      </p>

      {page ? (
        <section className="card" aria-label="Replay and discard">
          <div className="toolbar">
            <span className="muted" aria-live="polite">
              {plural(selectedIds.length, 'dead letter')} selected
            </span>
            <button
              type="button"
              disabled={actions.busy || selectedIds.length === 0}
              onClick={async () => {
                setStep(null);
                done(await actions.replay({ ids: selectedIds }));
              }}
            >
              Replay selected
            </button>
            <button
              type="button"
              className="secondary danger-text"
              disabled={actions.busy || selectedIds.length === 0}
              onClick={() => open('discard-selected')}
            >
              Discard selected…
            </button>
            <span className="grow" />
            <button
              type="button"
              className="secondary"
              disabled={actions.busy || !allMatchingOpen || total === 0}
              aria-describedby={allMatchingOpen ? undefined : 'dl-all-matching-hint'}
              onClick={() => open('replay-all')}
            >
              Replay all matching…
            </button>
            <button
              type="button"
              className="secondary danger-text"
              disabled={actions.busy || !allMatchingOpen || total === 0}
              aria-describedby={allMatchingOpen ? undefined : 'dl-all-matching-hint'}
              onClick={() => open('discard-all')}
            >
              Discard all matching…
            </button>
          </div>
          {allMatchingOpen ? null : (
            <p id="dl-all-matching-hint" className="hint">
              "All matching" acts on open dead letters: show the open ones to use it.
            </p>
          )}
          {step === 'discard-selected' ? (
            <DiscardForm
              label="Discard the selected dead letters"
              question={`Discard ${plural(selectedIds.length, 'selected dead letter')}?`}
              submit={`Discard ${plural(selectedIds.length, 'dead letter')}`}
              busy={actions.busy}
              error={actions.error}
              onDiscard={async (reason) => done(await actions.discard({ ids: selectedIds }, reason))}
              onCancel={() => setStep(null)}
            />
          ) : null}
          {step === 'discard-all' ? (
            <DiscardForm
              label="Discard all matching dead letters"
              question={`Discard all ${total} ${matchingText(filters, total)}?`}
              submit={`Yes, discard ${total}`}
              busy={actions.busy}
              error={actions.error}
              onDiscard={async (reason) => done(await actions.discard(allMatching, reason))}
              onCancel={() => setStep(null)}
            />
          ) : null}
          {step === 'replay-all' ? (
            <Confirm
              label="Replay all matching dead letters"
              question={`Replay all ${total} ${matchingText(filters, total)}?`}
              confirm={`Yes, replay ${total}`}
              busy={actions.busy}
              onConfirm={async () => done(await actions.replay(allMatching))}
              onCancel={() => setStep(null)}
            />
          ) : null}
          {step !== 'discard-selected' && step !== 'discard-all' ? <ErrorBanner error={actions.error} /> : null}
          <div role="status">{outcome ? <div className="banner ok">{outcome}</div> : null}</div>
        </section>
      ) : null}

      {deadLetters.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-busy={loading}>
            <caption className="muted" style={{ textAlign: 'left' }}>
              Dead letters, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={selectedIds.length > 0 && selectedIds.length === deadLetters.length}
                      onChange={(e) => select(e.target.checked ? deadLetters.map((d) => d.id) : [])}
                    />
                    <span className="visually-hidden">Select all on this page</span>
                  </label>
                </th>
                <th scope="col">Dead-lettered</th>
                <th scope="col">Topic</th>
                <th scope="col">Reason</th>
                <th scope="col">Workspace</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {deadLetters.map((d) => (
                <tr key={d.id}>
                  <td>
                    <label className="inline">
                      <input
                        type="checkbox"
                        checked={selected.has(d.id)}
                        onChange={(e) =>
                          select(e.target.checked ? [...selectedIds, d.id] : selectedIds.filter((id) => id !== d.id))
                        }
                      />
                      <span className="visually-hidden">Select {d.id}</span>
                    </label>
                  </td>
                  <td>
                    <Time value={d.dead_lettered_at} />
                  </td>
                  <td>
                    <code>{d.topic}</code>
                  </td>
                  <td>
                    <Link to={detailPath(d.id)} state={fromList} title={d.reason}>
                      {truncated(d.reason, REASON_SHOWN)}
                    </Link>
                  </td>
                  <td>{d.workspace_id ? <code>{d.workspace_id}</code> : <span className="muted">none</span>}</td>
                  <td>
                    <StatusTag status={d.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && (deadLetters.length > 0 || cursor) ? (
        <UrlListPager
          label="Dead letter pages"
          list={{ cursor, earlier, goTo }}
          nextCursor={nextCursor}
          busy={loading}
        />
      ) : null}
    </>
  );
}

interface DeadLetterFiltersProps {
  initial: Filters;
  perPage: string;
  /** The listing's error, whose field errors are shown next to the filter they name. */
  error: unknown;
  onApply: (filters: Filters, perPage: string) => void;
}

function DeadLetterFilters({ initial, perPage: initialPerPage, error, onApply }: DeadLetterFiltersProps) {
  const [draft, setDraft] = useState<Filters>(initial);
  const [perPage, setPerPage] = useState(initialPerPage);
  const set = (name: FilterName) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [name]: e.target.value });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    onApply(draft, perPage);
  };
  const clear = () => onApply({ topic: '', reason: '', status: DEFAULT_STATUS }, perPage);
  const field = { flex: '1 1 180px' };
  const invalid = (name: string) => hasError(error, name) || undefined;
  const knownTopic = !draft.topic || (TOPICS as readonly string[]).includes(draft.topic);
  const knownStatus = STATUSES.some((s) => s.value === draft.status);
  return (
    <form className="card" onSubmit={submit} aria-label="Dead letter filters">
      <div className="toolbar" style={{ alignItems: 'flex-start' }}>
        <div style={field}>
          <label htmlFor="dl-topic">Topic</label>
          <select id="dl-topic" value={draft.topic} onChange={set('topic')} aria-invalid={invalid('topic')}>
            <option value="">All topics</option>
            {TOPICS.map((topic) => (
              <option key={topic} value={topic}>
                {topic}
              </option>
            ))}
            {!knownTopic ? <option value={draft.topic}>Unknown topic {draft.topic}</option> : null}
          </select>
          <FieldErrors error={error} field="topic" />
        </div>
        <div style={{ flex: '2 1 240px' }}>
          <TextField
            id="dl-reason"
            label="Reason contains"
            value={draft.reason}
            onChange={(reason) => setDraft({ ...draft, reason })}
            error={error}
            field="reason"
          />
        </div>
        <div style={field}>
          <label htmlFor="dl-status">Status</label>
          <select id="dl-status" value={draft.status} onChange={set('status')} aria-invalid={invalid('status')}>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
            {!knownStatus ? <option value={draft.status}>Unknown status {draft.status}</option> : null}
          </select>
          <FieldErrors error={error} field="status" />
        </div>
        <PerPageField id="dl-per-page" value={perPage} onChange={setPerPage} error={error} />
      </div>
      <div className="toolbar">
        <button type="submit">Apply filters</button>
        <button type="button" className="secondary" onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

/** A confirmation in the page: the question, then "Yes, …" or "Cancel"; focus starts on "Cancel". */
function Confirm({
  label,
  question,
  confirm,
  busy,
  onConfirm,
  onCancel,
}: {
  label: string;
  question: string;
  confirm: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelButton.current?.focus(), []);
  return (
    <fieldset className="bare" aria-label={label}>
      <p>{question}</p>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={onConfirm}>
          {busy ? 'Working…' : confirm}
        </button>
        <button type="button" className="secondary" ref={cancelButton} disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}

/**
 * Discarding asks why: the reason (required, up to 500 characters, kept in each dead letter's history)
 * is judged by the API, whose error is shown under the field.
 */
function DiscardForm({
  label,
  question,
  submit,
  busy,
  error,
  onDiscard,
  onCancel,
}: {
  label: string;
  question: string;
  submit: string;
  busy: boolean;
  error: unknown;
  onDiscard: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  // The reason's own errors are under it; any other is said below it.
  const otherErrors =
    error instanceof ApiError ? error.errors.length > error.forField('reason').length : Boolean(error);
  return (
    <form
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onDiscard(reason);
      }}
    >
      <p>{question}</p>
      <label htmlFor="dl-discard-reason">Reason for discarding</label>
      <input
        ref={input}
        id="dl-discard-reason"
        type="text"
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        aria-required="true"
        aria-invalid={hasError(error, 'reason') || undefined}
        aria-describedby="dl-discard-reason-hint dl-discard-reason-error"
        autoComplete="off"
      />
      <div id="dl-discard-reason-hint" className="hint">
        Required, up to 500 characters: kept in each dead letter's history.
      </div>
      <FieldErrors error={error} field="reason" id="dl-discard-reason-error" />
      {otherErrors ? <ErrorBanner error={error} shownFields={['reason']} /> : null}
      <div className="toolbar" style={{ marginTop: 8 }}>
        <button type="submit" className="danger" disabled={busy}>
          {busy ? 'Discarding…' : submit}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** One dead letter: where it came from, why it failed, its (masked) payload and what was done with it. */
export function DeadLetterDetail() {
  const { id = '' } = useParams();
  const fromList = (useLocation().state as FromList | null) ?? {};
  const answer = useApi<DeadLetter>('definitions', `/dead_letters/${encodeURIComponent(id)}`, {
    keepPrevious: false,
  });
  const deadLetter = answer.data ?? null;
  const error = answer.error;
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <>
      <p>
        <Link
          to={`/dead-letters${fromList.listSearch ?? ''}`}
          state={{ earlier: fromList.earlier ?? [] } satisfies UrlListState}
        >
          ← Back to the dead letters
        </Link>
      </p>
      <h1>Dead letter {deadLetter ? <StatusTag status={deadLetter.status} /> : null}</h1>
      {answer.isPending ? (
        <p className="muted" role="status">
          Loading the dead letter…
        </p>
      ) : null}
      {notFound ? (
        <p role="status">
          No such dead letter: <code>{id}</code>. It may be in another workspace, or no longer kept.
        </p>
      ) : (
        <ErrorBanner error={error} />
      )}
      {deadLetter ? <DeadLetterSections key={deadLetter.id} deadLetter={deadLetter} /> : null}
    </>
  );
}

function DeadLetterSections({ deadLetter: d }: { deadLetter: DeadLetter }) {
  const actions = useDeadLetterActions();
  const [discarding, setDiscarding] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const done = (message: string | null) => {
    if (message !== null) {
      setOutcome(message);
      setDiscarding(false);
    }
  };
  return (
    <>
      <section className="card" aria-labelledby="dl-record">
        <h2 id="dl-record">Record</h2>
        {d.status === 'open' ? (
          <>
            <div className="toolbar">
              <button
                type="button"
                disabled={actions.busy}
                onClick={async () => {
                  setDiscarding(false);
                  done(await actions.replay({ ids: [d.id] }));
                }}
              >
                Replay
              </button>
              <button
                type="button"
                className="secondary danger-text"
                disabled={actions.busy || discarding}
                onClick={() => {
                  actions.clearError();
                  setDiscarding(true);
                }}
              >
                Discard…
              </button>
              <span className="hint">Replaying sends the record to {d.topic} again, as it was.</span>
            </div>
            {discarding ? (
              <DiscardForm
                label="Discard this dead letter"
                question="Discard this dead letter?"
                submit="Discard"
                busy={actions.busy}
                error={actions.error}
                onDiscard={async (reason) => done(await actions.discard({ ids: [d.id] }, reason))}
                onCancel={() => setDiscarding(false)}
              />
            ) : (
              <ErrorBanner error={actions.error} />
            )}
          </>
        ) : null}
        <div role="status">{outcome ? <div className="banner ok">{outcome}</div> : null}</div>
        <Facts
          label="Dead letter"
          rows={{
            Topic: codeOrNone(d.topic),
            Partition: codeOrNone(d.partition),
            Offset: codeOrNone(d.offset),
            Key: codeOrNone(d.key),
            Workspace: d.workspace_id ? <code>{d.workspace_id}</code> : <span className="muted">none</span>,
            Reason: d.reason,
            Cause: d.cause || null,
            Exception: codeOrNone(d.exception),
            'Dead-lettered': <Time value={d.dead_lettered_at} />,
            Status: <StatusTag status={d.status} />,
            Id: codeOrNone(d.id),
          }}
        />
      </section>
      <section className="card" aria-labelledby="dl-payload">
        <h2 id="dl-payload">Payload</h2>
        <p className="hint">The record's value as it was read, secrets masked (****).</p>
        {d.payload_truncated ? (
          <div className="banner warn">
            The payload is truncated, {d.payload_size} bytes in all: only its beginning is shown.
          </div>
        ) : null}
        <Payload payload={d.payload} />
      </section>
      <section className="card" aria-labelledby="dl-history">
        <h2 id="dl-history">History</h2>
        <History history={d.history ?? []} />
      </section>
    </>
  );
}

/** The payload: a JSON tree when it reads as JSON, the text otherwise (a truncated payload doesn't read). */
function Payload({ payload }: { payload: string | null }) {
  if (payload === null || payload === '') {
    return <p className="muted">No payload.</p>;
  }
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(payload);
    parsed = true;
  } catch {
    parsed = false;
  }
  if (parsed) {
    return <JsonTree value={json} label="Payload" />;
  }
  return (
    <figure aria-label="Payload" style={{ margin: 0 }}>
      <pre className="json-tree">{payload}</pre>
    </figure>
  );
}

function History({ history }: { history: DeadLetterEvent[] }) {
  if (history.length === 0) {
    return <p className="muted">Not replayed or discarded yet.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label="History">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">By</th>
            <th scope="col">Reason</th>
            <th scope="col">Replayed to</th>
          </tr>
        </thead>
        <tbody>
          {history.map((event, i) => (
            <tr key={i}>
              <td>
                <Time value={event.at} />
              </td>
              <td>{event.action}</td>
              <td>
                token <code>{event.by}</code>
              </td>
              <td>{event.reason ?? <span className="muted">—</span>}</td>
              <td>
                {event.replayed_to ? (
                  <>
                    <code>{event.replayed_to.topic}</code> partition {event.replayed_to.partition}, offset{' '}
                    {event.replayed_to.offset}
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
