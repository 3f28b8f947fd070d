import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api';
import { useActions, type ActionSummary } from '../components/actions';
import { ErrorBanner, FieldErrors, hasError } from '../components/Errors';
import { codeOrNone, Facts } from '../components/Facts';
import { JsonTree } from '../components/JsonTree';
import { recordPath } from '../components/links';
import { PerPageField, UrlListPager, type UrlListState, useUrlList } from '../components/Pager';
import { RerunControl } from '../components/Rerun';
import { Time } from '../components/Time';
import { pathsRunsGetParametersQueryError_typeValues } from '../api/executor';
import { apiKey, useApi } from '../query';
import { nothingFound } from '../types';

// The run log (executor service): GET /runs, newest first, paged with pages.next.starting_after.
// The filters are the API's query parameters, kept as they are in the page's URL so that a
// filtered view can be shared; the times are ISO-8601 instants there, local times in the form.

interface RunError {
  type: string;
  message: string;
}

interface RunWrite {
  target: string;
  id?: string;
  type?: string;
  external_id?: string;
  attributes?: Record<string, unknown>;
  references?: { target: string; id: string }[];
}

/** A run as listed: its result record (`action.results`' shape) with `type: "run"`. */
interface RunSummary {
  type: 'run';
  run_id: string;
  /** live (a trigger's), agent (an AI agent's MCP tool call) or test. */
  mode?: string;
  action_id: string;
  action_version?: number | null;
  action_name?: string | null;
  trigger_id?: string | null;
  invocation_id?: string | null;
  source_event_id?: string | null;
  conversation_id?: string | null;
  contact_id?: string | null;
  /** The W3C trace id of what caused the run, for finding it in a tracing backend. */
  trace_id?: string | null;
  /** The names behind the ids, as the run recorded them. */
  about?: {
    trigger_name?: string;
    connection_name?: string;
    conversation_external_id?: string;
    contact_external_id?: string;
    /** The run this one re-ran. */
    rerun_of?: string;
    /** The id of the token that asked for the run: an AI agent's tool call, or a re-run. */
    requested_by?: string;
  };
  status: 'success' | 'failure';
  /** False when the run failed or found nothing (a status the action declares as "nothing found"). */
  found?: boolean;
  error?: RunError | null;
  http_status?: number | null;
  duration_ms?: number | null;
  outputs?: Record<string, unknown> | null;
  writes?: RunWrite[] | null;
  started_at: string;
  finished_at?: string | null;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

interface LoggedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  body_truncated?: boolean;
}

/** What a run sent and got back, secrets masked by the executor. */
interface RunDetailBody {
  inputs?: Record<string, unknown>;
  request?: LoggedRequest;
  response?: LoggedResponse;
  outputs?: Record<string, unknown>;
  attempts?: number;
  mock_response?: boolean;
}

interface RunView extends RunSummary {
  detail?: RunDetailBody | null;
  /** The runs that re-ran this one, by id. */
  reruns?: string[];
}

interface RunPage {
  data: RunSummary[];
  pages?: { per_page?: number; next?: { starting_after: string } | null };
}

const FILTERS = ['action_id', 'status', 'error_type', 'conversation_id', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];
type Filters = Record<FilterName, string>;

const FILTER_FIELDS: string[] = [...FILTERS];
const DEFAULT_PER_PAGE = '50';
/** The error types the executor documents, offered as suggestions (the API judges the value). */
/** The run error types, as the executor's OpenAPI document lists them (generated: src/api/executor.ts). */
const ERROR_TYPES = pathsRunsGetParametersQueryError_typeValues;

/** What a run's page needs to link back to the log as it was. */
interface FromLog {
  logSearch?: string;
  earlier?: string[];
}

function filtersOf(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Filters;
}

/** An ISO-8601 instant as a datetime-local value in the browser's zone ('' when it doesn't read). */
export function toLocalInput(iso: string): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = date.getSeconds() !== 0 ? `:${pad(date.getSeconds())}` : '';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:` +
    `${pad(date.getMinutes())}${seconds}`
  );
}

/** A datetime-local value (the browser's zone) as an ISO-8601 instant. */
export function toInstant(local: string): string {
  if (!local) {
    return '';
  }
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) {
    return '—';
  }
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** A run's mode; an AI agent's tool call stands out. */
function Mode({ mode }: { mode?: string | null }): ReactNode {
  if (mode === 'agent') {
    return (
      <span className="tag agent" title="An AI agent's MCP tool call">
        agent
      </span>
    );
  }
  return mode || '—';
}

function StatusTag({ run }: { run: { status: string; found?: boolean } }) {
  return nothingFound(run) ? (
    <span className="tag not-found">not found</span>
  ) : (
    <span className={`tag ${run.status}`}>{run.status}</span>
  );
}

/** The run log: every run of the workspace, filtered and paged as the URL says. */
export function Runs() {
  const { params, location, perPage, cursor, earlier, show, goTo } = useUrlList<Filters>(DEFAULT_PER_PAGE);
  const { actions, error: actionsError } = useActions();

  const filters = filtersOf(params);

  const answer = useApi<RunPage>('executor', '/runs', {
    query: { ...filters, per_page: perPage, starting_after: cursor },
  });
  const error = answer.error;
  const page = error ? null : (answer.data ?? null);
  const loading = answer.isFetching;

  const nextCursor = page?.pages?.next?.starting_after;
  const filtered = FILTERS.some((name) => filters[name] !== '');
  const runs = page?.data ?? [];
  const fromLog: FromLog = { logSearch: location.search, earlier };
  return (
    <>
      <h1>Run log</h1>
      <RunFilters
        key={`${FILTERS.map((name) => filters[name]).join('\n')}\n${perPage}`}
        initial={filters}
        perPage={perPage}
        actions={actions}
        error={error}
        onApply={show}
      />
      <ErrorBanner error={actionsError} />
      <ErrorBanner error={error} shownFields={FILTER_FIELDS} />
      <div aria-live="polite" className="muted">
        {loading
          ? 'Loading runs…'
          : page && runs.length === 0
            ? filtered
              ? 'No runs match these filters.'
              : 'No runs yet.'
            : null}
      </div>
      {runs.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-busy={loading}>
            <caption className="muted" style={{ textAlign: 'left' }}>
              Runs, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Action</th>
                <th scope="col">Mode</th>
                <th scope="col">Status</th>
                <th scope="col">Error type</th>
                <th scope="col">Conversation</th>
                <th scope="col">Duration</th>
                <th scope="col">
                  <span className="muted">Run</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <RunRow key={run.run_id} run={run} actions={actions} fromLog={fromLog} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && (runs.length > 0 || cursor) ? (
        <UrlListPager label="Run log pages" list={{ cursor, earlier, goTo }} nextCursor={nextCursor} busy={loading} />
      ) : null}
    </>
  );
}

function actionName(run: RunSummary, actions: ActionSummary[] | null): string {
  return run.action_name ?? actions?.find((a) => a.id === run.action_id)?.name ?? run.action_id;
}

function RunRow({ run, actions, fromLog }: { run: RunSummary; actions: ActionSummary[] | null; fromLog: FromLog }) {
  return (
    <tr>
      <td>
        <Time value={run.started_at} />
      </td>
      <td>{actionName(run, actions)}</td>
      <td>
        <Mode mode={run.mode} />
      </td>
      <td>
        <StatusTag run={run} />
      </td>
      <td>{run.error?.type ? <code>{run.error.type}</code> : <span className="muted">—</span>}</td>
      <td>
        {run.conversation_id ? (
          <Link
            to={recordPath({ kind: 'conversation', id: run.conversation_id })}
            title={`Open the conversation ${run.conversation_id}`}
          >
            <code>{run.about?.conversation_external_id ?? run.conversation_id}</code>
          </Link>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>{formatDuration(run.duration_ms)}</td>
      <td>
        <Link to={`/runs/${encodeURIComponent(run.run_id)}`} state={fromLog} title={`Run ${run.run_id}`}>
          Details
        </Link>
      </td>
    </tr>
  );
}

interface RunFiltersProps {
  /** The filters as in the URL (times as ISO-8601 instants). */
  initial: Filters;
  perPage: string;
  actions: ActionSummary[] | null;
  /** The listing's error, whose field errors are shown next to the filter they name. */
  error: unknown;
  onApply: (filters: Filters, perPage: string) => void;
}

function RunFilters({ initial, perPage: initialPerPage, actions, error, onApply }: RunFiltersProps) {
  const [draft, setDraft] = useState<Filters>({
    ...initial,
    from: toLocalInput(initial.from),
    to: toLocalInput(initial.to),
  });
  const [perPage, setPerPage] = useState(initialPerPage);
  const set = (name: FilterName) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [name]: e.target.value });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // A time that didn't convert is kept as the URL had it, so that the API names the problem.
    const time = (name: 'from' | 'to') =>
      draft[name] === toLocalInput(initial[name]) ? initial[name] : toInstant(draft[name]);
    onApply({ ...draft, from: time('from'), to: time('to') }, perPage);
  };
  const clear = () =>
    onApply({ action_id: '', status: '', error_type: '', conversation_id: '', from: '', to: '' }, perPage);
  const knownAction = !draft.action_id || actions?.some((a) => a.id === draft.action_id);
  const field = { flex: '1 1 180px' };
  const invalid = (name: string) => hasError(error, name) || undefined;
  return (
    <form className="card" onSubmit={submit} aria-label="Run filters">
      <div className="toolbar" style={{ alignItems: 'flex-start' }}>
        <div style={field}>
          <label htmlFor="runs-action">Action</label>
          <select
            id="runs-action"
            value={draft.action_id}
            onChange={set('action_id')}
            aria-invalid={invalid('action_id')}
          >
            <option value="">All actions</option>
            {(actions ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
            {!knownAction ? (
              <option value={draft.action_id}>{actions ? `Unknown action ${draft.action_id}` : 'Loading…'}</option>
            ) : null}
          </select>
          <FieldErrors error={error} field="action_id" />
        </div>
        <div style={field}>
          <label htmlFor="runs-status">Status</label>
          <select id="runs-status" value={draft.status} onChange={set('status')} aria-invalid={invalid('status')}>
            <option value="">Any status</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
          </select>
          <FieldErrors error={error} field="status" />
        </div>
        <div style={field}>
          <label htmlFor="runs-error-type">Error type</label>
          <input
            id="runs-error-type"
            type="text"
            list="runs-error-types"
            value={draft.error_type}
            onChange={set('error_type')}
            aria-invalid={invalid('error_type')}
            autoComplete="off"
          />
          <datalist id="runs-error-types">
            {ERROR_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <FieldErrors error={error} field="error_type" />
        </div>
        <div style={field}>
          <label htmlFor="runs-conversation">Conversation id</label>
          <input
            id="runs-conversation"
            type="text"
            value={draft.conversation_id}
            onChange={set('conversation_id')}
            aria-invalid={invalid('conversation_id')}
            autoComplete="off"
          />
          <FieldErrors error={error} field="conversation_id" />
        </div>
        <div style={field}>
          <label htmlFor="runs-from">From</label>
          <input
            id="runs-from"
            type="datetime-local"
            step={1}
            value={draft.from}
            onChange={set('from')}
            aria-invalid={invalid('from')}
            aria-describedby="runs-times-hint"
          />
          <FieldErrors error={error} field="from" />
        </div>
        <div style={field}>
          <label htmlFor="runs-to">To</label>
          <input
            id="runs-to"
            type="datetime-local"
            step={1}
            value={draft.to}
            onChange={set('to')}
            aria-invalid={invalid('to')}
            aria-describedby="runs-times-hint"
          />
          <FieldErrors error={error} field="to" />
        </div>
        <PerPageField id="runs-per-page" value={perPage} onChange={setPerPage} error={error} />
      </div>
      <p id="runs-times-hint" className="hint">
        Times are your browser's local time, on each run's start.
      </p>
      <div className="toolbar">
        <button type="submit">Apply filters</button>
        <button type="button" className="secondary" onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

/** One run: its result and what it sent and got back (masked by the executor). */
export function RunDetail() {
  const { id = '' } = useParams();
  const fromLog = (useLocation().state as FromLog | null) ?? {};
  const answer = useApi<RunView>('executor', `/runs/${encodeURIComponent(id)}`, { keepPrevious: false });
  const run = answer.data ?? null;
  const error = answer.error;
  const loading = answer.isPending;

  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <>
      <p>
        <Link to={`/runs${fromLog.logSearch ?? ''}`} state={{ earlier: fromLog.earlier ?? [] } satisfies UrlListState}>
          ← Back to the run log
        </Link>
        {run ? (
          <>
            {' · '}
            <Link to={`/runs?action_id=${encodeURIComponent(run.action_id)}`}>Runs of this action</Link>
          </>
        ) : null}
      </p>
      <h1>Run {run ? <StatusTag run={run} /> : null}</h1>
      {loading ? (
        <p className="muted" role="status">
          Loading the run…
        </p>
      ) : null}
      {notFound ? (
        <p role="status">
          No such run: <code>{id}</code>. It may be past the log's retention, or not in this workspace.
        </p>
      ) : (
        <ErrorBanner error={error} />
      )}
      {run ? <RunSections key={run.run_id} run={run} fromLog={fromLog} /> : null}
    </>
  );
}

function RunSections({ run, fromLog }: { run: RunView; fromLog: FromLog }) {
  const detail = run.detail ?? {};
  const navigate = useNavigate();
  const cache = useQueryClient();
  const runLink = (id: string) => (
    <Link key={id} to={`/runs/${encodeURIComponent(id)}`} state={fromLog}>
      <code>{id}</code>
    </Link>
  );
  /** The new run is shown at once; this run (its re-runs) and the log are read again. */
  const showRerun = (rerun: RunView) => {
    void cache.invalidateQueries({ queryKey: apiKey('executor', `/runs/${encodeURIComponent(run.run_id)}`) });
    void cache.invalidateQueries({ queryKey: ['executor', '/runs'] });
    cache.setQueryData(apiKey('executor', `/runs/${encodeURIComponent(rerun.run_id)}`), rerun);
    navigate(`/runs/${encodeURIComponent(rerun.run_id)}`, { state: fromLog });
  };
  const reruns = run.reruns ?? [];
  return (
    <>
      <section className="card" aria-labelledby="run-result">
        <h2 id="run-result" style={{ marginTop: 0 }}>
          Result
        </h2>
        <div className={`result ${run.status}`}>
          {nothingFound(run)
            ? `Succeeded, nothing found (the API answered ${run.http_status})`
            : run.status === 'success'
              ? 'Succeeded'
              : 'Failed'}
        </div>
        {run.error ? (
          <p>
            <span className="muted">Error </span>
            <code>{run.error.type}</code>: <span>{run.error.message}</span>
          </p>
        ) : null}
        {run.status === 'failure' ? <RerunControl<RunView> runId={run.run_id} onRerun={showRerun} /> : null}
        <Facts
          label="Run"
          rows={{
            Action: (
              <Link to={`/actions/${encodeURIComponent(run.action_id)}`}>{run.action_name ?? run.action_id}</Link>
            ),
            Version: codeOrNone(run.action_version),
            Mode: run.mode === 'agent' ? <Mode mode={run.mode} /> : codeOrNone(run.mode),
            ...(run.about?.requested_by
              ? {
                  'Requested by': (
                    <>
                      token <code>{run.about.requested_by}</code>
                    </>
                  ),
                }
              : {}),
            ...(run.about?.rerun_of ? { 'Re-run of': runLink(run.about.rerun_of) } : {}),
            ...(reruns.length > 0
              ? {
                  'Re-runs': (
                    <ul className="plain">
                      {reruns.map((id) => (
                        <li key={id}>{runLink(id)}</li>
                      ))}
                    </ul>
                  ),
                }
              : {}),
            'Run id': codeOrNone(run.run_id),
            Trigger: run.trigger_id ? (
              <NamedId name={run.about?.trigger_name} id={run.trigger_id} to={`/triggers/${run.trigger_id}`} />
            ) : (
              codeOrNone(null)
            ),
            Connection: run.about?.connection_name ?? <span className="muted">—</span>,
            Invocation: codeOrNone(run.invocation_id),
            'Source event': codeOrNone(run.source_event_id),
            'Trace id': codeOrNone(run.trace_id),
            Conversation: run.conversation_id ? (
              <NamedId
                name={run.about?.conversation_external_id}
                id={run.conversation_id}
                to={recordPath({ kind: 'conversation', id: run.conversation_id })}
              />
            ) : null,
            Contact: run.contact_id ? (
              <NamedId
                name={run.about?.contact_external_id}
                id={run.contact_id}
                to={recordPath({ kind: 'contact', id: run.contact_id })}
              />
            ) : null,
            'HTTP status': codeOrNone(run.http_status),
            Attempts: codeOrNone(detail.attempts),
            Started: <Time value={run.started_at} />,
            Finished: <Time value={run.finished_at} />,
            Duration: formatDuration(run.duration_ms),
          }}
        />
        <h3>Outputs</h3>
        {run.outputs && Object.keys(run.outputs).length > 0 ? (
          <JsonTree value={run.outputs} label="Outputs" />
        ) : (
          <p className="muted">No outputs.</p>
        )}
        <h3>Writes</h3>
        <Writes writes={run.writes ?? []} />
      </section>
      <section className="card" aria-labelledby="run-detail">
        <h2 id="run-detail" style={{ marginTop: 0 }}>
          Request and response
        </h2>
        <p className="hint">As logged: credentials, secret values and redacted outputs are masked.</p>
        {detail.mock_response ? (
          <div className="banner warn">The response was the action's mock response: no call was made.</div>
        ) : null}
        <h3>Inputs</h3>
        {detail.inputs && Object.keys(detail.inputs).length > 0 ? (
          <JsonTree value={detail.inputs} label="Inputs" />
        ) : (
          <p className="muted">No inputs.</p>
        )}
        <div className="two-columns">
          <div>
            <h3>Request</h3>
            {detail.request ? (
              <>
                <p>
                  <code>
                    {detail.request.method} {detail.request.url}
                  </code>
                </p>
                <Headers headers={detail.request.headers} label="Request headers" />
                <Body value={detail.request.body} label="Request body" />
              </>
            ) : (
              <p className="muted">No request was sent.</p>
            )}
          </div>
          <div>
            <h3>Response</h3>
            {detail.response ? (
              <>
                <p>
                  Status <code>{detail.response.status}</code>
                </p>
                <Headers headers={detail.response.headers} label="Response headers" />
                {detail.response.body_truncated ? (
                  <div className="banner warn">The body is cut: only its beginning is logged.</div>
                ) : null}
                <Body value={detail.response.body} label="Response body" />
              </>
            ) : (
              <p className="muted">No response was received.</p>
            )}
          </div>
        </div>
        <details>
          <summary>The whole logged detail</summary>
          <JsonTree value={detail} label="Logged detail" />
        </details>
      </section>
    </>
  );
}

function Writes({ writes }: { writes: RunWrite[] }) {
  if (writes.length === 0) {
    return <p className="muted">No writes.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Writes">
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Attributes</th>
            <th scope="col">References</th>
          </tr>
        </thead>
        <tbody>
          {writes.map((write, i) => (
            <tr key={i}>
              <td>
                <WriteTarget write={write} />
              </td>
              <td>
                {write.attributes ? <JsonTree value={write.attributes} label={`Attributes of write ${i + 1}`} /> : null}
              </td>
              <td>
                {(write.references ?? []).map((ref) => (
                  <div key={`${ref.target}:${ref.id}`}>
                    {ref.target}{' '}
                    {ref.target === 'contact' || ref.target === 'conversation' ? (
                      <Link to={recordPath({ kind: ref.target, id: ref.id })}>
                        <code>{ref.id}</code>
                      </Link>
                    ) : (
                      <code>{ref.id}</code>
                    )}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WriteTarget({ write }: { write: RunWrite }) {
  if ((write.target === 'contact' || write.target === 'conversation') && write.id) {
    return (
      <>
        {write.target}{' '}
        <Link to={recordPath({ kind: write.target, id: write.id })}>
          <code>{write.id}</code>
        </Link>
      </>
    );
  }
  if (write.target === 'custom_object' && write.type && write.external_id) {
    return (
      <>
        {write.type}{' '}
        <Link to={recordPath({ kind: 'instance', type: write.type, externalId: write.external_id })}>
          <code>{write.external_id}</code>
        </Link>
      </>
    );
  }
  return (
    <>
      {write.target} {codeOrNone(write.id ?? write.external_id)}
    </>
  );
}

function Headers({ headers, label }: { headers?: Record<string, string>; label: string }) {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) {
    return null;
  }
  return (
    <details>
      <summary>
        {label} ({entries.length})
      </summary>
      <table className="table" aria-label={label}>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                <code>{value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A logged body: a JSON tree when it reads as JSON, the text otherwise (a cut body doesn't read). */
function Body({ value, label }: { value: unknown; label: string }) {
  if (value === undefined || value === null || value === '') {
    return <p className="muted">No body.</p>;
  }
  let json: unknown = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch {
      json = undefined;
    }
  }
  if (json !== null && typeof json === 'object') {
    return <JsonTree value={json} label={label} />;
  }
  return (
    <figure aria-label={label} style={{ margin: 0 }}>
      <pre className="json-tree" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {typeof value === 'string' ? value : JSON.stringify(value)}
      </pre>
    </figure>
  );
}

/** A record by its name (or external id) linked, its id beside it; the id alone when the run recorded no name. */
function NamedId({ name, id, to }: { name?: string; id: string; to: string }) {
  return name ? (
    <>
      <Link to={to}>{name}</Link> <code className="muted">{id}</code>
    </>
  ) : (
    <Link to={to}>
      <code>{id}</code>
    </Link>
  );
}
