import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api';
import type { components } from '../api/definitions';
import { ErrorBanner } from '../components/Errors';
import { PerPageField, UrlListPager, useUrlList } from '../components/Pager';
import { TextField } from '../components/TextField';
import { Time } from '../components/Time';
import { useApi } from '../query';

// Quotas (definitions service): each workspace's request rate limit on the gateway's and the objects
// service's public APIs. GET /quotas lists them by workspace name (filtered by part of the name, paged with
// pages.next.starting_after); an operator's token (GET /tokens/current lists its scopes) sees every
// workspace, an admin's its own only. PUT /quotas/{workspace_id} {requests_per_minute} gives a workspace a
// limit of its own and DELETE /quotas/{workspace_id} puts it back on the configured one: operators only.
// The name filter is kept in the page's URL as the API's query parameter, like the dead letters' filters.

type Schemas = components['schemas'];

/**
 * A workspace's limit, as the API always gives it (the generated schema leaves every field optional);
 * `updated_at` and `updated_by` (a token id) come only with a limit of its own.
 */
type QuotaView = Required<Omit<Schemas['QuotaView'], 'updated_at' | 'updated_by'>> &
  Pick<Schemas['QuotaView'], 'updated_at' | 'updated_by'>;

interface QuotaPage {
  type: 'list';
  data: QuotaView[];
  total_count: number;
  pages?: { per_page?: number; next?: { starting_after?: string } | null };
}

/** GET /tokens/current: the caller's scopes. */
interface TokenScopes {
  type: 'token_scopes';
  workspace_id: string;
  scopes: string[];
}

type Filters = { name: string };

const FIELD = 'requests_per_minute';
const FILTER_FIELDS = ['name', 'per_page', 'starting_after'];
const DEFAULT_PER_PAGE = '25';
const MIN = 6;
const MAX = 100_000_000;

const numbers = new Intl.NumberFormat('en');

/** 12000 → "12,000". */
function formatted(n: number): string {
  return numbers.format(n);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatted(n)} ${n === 1 ? one : many}`;
}

/** A refusal of the console's own, shown like the API's: under the field. */
function fieldError(message: string): ApiError {
  return new ApiError(400, [{ code: 'parameter_invalid', field: FIELD, message }], null);
}

/** The number typed, or the error saying what to fix: a whole number is asked; its range is the API's to judge. */
function parsedLimit(text: string): number | ApiError {
  const value = text.trim();
  if (value === '') {
    return fieldError(
      `Enter the requests per minute: a whole number from ${formatted(MIN)} to ${formatted(MAX)}, such as 1200.`,
    );
  }
  if (!/^\d+$/.test(value)) {
    return fieldError(
      `Requests per minute must be a whole number, in digits only (such as 1200): “${value}” is not one.`,
    );
  }
  return Number(value);
}

/** The message of a refused change: a 403 means the token is not an operator's. */
function onlyOperators(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** Every workspace's limit the token can see, filtered and paged as the URL says, changed by operators. */
export function Quotas() {
  const { params, location, perPage, cursor, earlier, show, goTo } = useUrlList<Filters>(DEFAULT_PER_PAGE);
  const caller = useApi<TokenScopes>('definitions', '/tokens/current').data;
  const operator = (caller?.scopes ?? []).includes('operator');

  const filters: Filters = { name: params.get('name') ?? '' };
  const answer = useApi<QuotaPage>('definitions', '/quotas', {
    query: { ...filters, per_page: perPage, starting_after: cursor },
  });
  const error = answer.error;
  const page = error ? null : (answer.data ?? null);
  const loading = answer.isFetching;
  const quotas = page?.data ?? [];
  const total = page?.total_count ?? 0;
  const nextCursor = page?.pages?.next?.starting_after;
  const filtered = filters.name !== '';

  const cache = useQueryClient();
  const [outcome, setOutcome] = useState<{ search: string; message: string } | null>(null);
  const changed = (message: string) => {
    setOutcome({ search: location.search, message });
    void cache.invalidateQueries({
      predicate: (query) =>
        query.queryKey[0] === 'definitions' &&
        typeof query.queryKey[1] === 'string' &&
        query.queryKey[1].startsWith('/quotas'),
    });
  };

  return (
    <>
      <h1>Quotas</h1>
      <p>
        Each workspace may make so many requests a minute to each of the platform's public APIs: the gateway and the
        objects service each count them, in 10-second windows that each admit a sixth of the minute's limit. Every
        answer says where the workspace stands with Intercom's <code>X-RateLimit-Limit</code>,{' '}
        <code>X-RateLimit-Remaining</code> and <code>X-RateLimit-Reset</code> headers; beyond the limit the answer is{' '}
        <code>429 Too Many Requests</code> with <code>Retry-After</code>.
      </p>
      {caller ? (
        <p className="hint">
          {operator
            ? 'With the operator scope, this lists every workspace: give one a limit of its own, or put it back on the default.'
            : "This is your workspace's limit. Only a platform operator can change it."}
        </p>
      ) : null}
      {operator ? (
        <QuotaFilters
          key={`${filters.name}\n${perPage}`}
          initial={filters}
          perPage={perPage}
          error={error}
          onApply={show}
        />
      ) : null}
      {error instanceof ApiError && error.status === 403 ? (
        <div className="banner error" role="alert">
          Quotas need a token with the admin or operator scope.
        </div>
      ) : (
        <ErrorBanner error={error} shownFields={operator ? FILTER_FIELDS : []} />
      )}
      <p aria-live="polite" className="muted">
        {loading && !page
          ? 'Loading quotas…'
          : page
            ? total === 0
              ? filtered
                ? `No workspace's name contains “${filters.name}”.`
                : 'No workspaces.'
              : `${plural(total, 'workspace')}${filtered ? ` whose name contains “${filters.name}”` : ''}.`
            : null}
      </p>
      <div role="status">
        {outcome && outcome.search === location.search ? <div className="banner ok">{outcome.message}</div> : null}
      </div>

      {quotas.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-busy={loading}>
            <caption className="muted" style={{ textAlign: 'left' }}>
              Request rate limits, by workspace name
            </caption>
            <thead>
              <tr>
                <th scope="col">Workspace</th>
                <th scope="col">Requests per minute</th>
                <th scope="col">Changed</th>
                {operator ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {quotas.map((q) => (
                <tr key={q.workspace_id}>
                  <th scope="row" style={{ fontWeight: 'normal' }}>
                    {q.workspace_name}
                    <div>
                      <code className="muted">{q.workspace_id}</code>
                    </div>
                  </th>
                  <td>
                    {formatted(q.requests_per_minute)}
                    {q.overridden ? (
                      <>
                        <span className="tag own">own limit</span>
                        <div className="hint">Default: {formatted(q.configured_requests_per_minute)}</div>
                      </>
                    ) : (
                      <span className="tag">default</span>
                    )}
                  </td>
                  <td>
                    {q.updated_at ? <Time value={q.updated_at} /> : <span className="muted">—</span>}
                    {q.updated_by ? (
                      <div className="muted">
                        by token <code>{q.updated_by}</code>
                      </div>
                    ) : null}
                  </td>
                  {operator ? (
                    <td>
                      <QuotaControls quota={q} onChanged={changed} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && (quotas.length > 0 || cursor) ? (
        <UrlListPager label="Quota pages" list={{ cursor, earlier, goTo }} nextCursor={nextCursor} busy={loading} />
      ) : null}
    </>
  );
}

interface QuotaFiltersProps {
  initial: Filters;
  perPage: string;
  /** The listing's error, whose field errors are shown next to the filter they name. */
  error: unknown;
  onApply: (filters: Filters, perPage: string) => void;
}

function QuotaFilters({ initial, perPage: initialPerPage, error, onApply }: QuotaFiltersProps) {
  const [draft, setDraft] = useState<Filters>(initial);
  const [perPage, setPerPage] = useState(initialPerPage);
  return (
    <form
      className="card"
      aria-label="Quota filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply({ name: draft.name.trim() }, perPage);
      }}
    >
      <div className="toolbar" style={{ alignItems: 'flex-start' }}>
        <div style={{ flex: '2 1 240px' }}>
          <TextField
            id="quota-name"
            label="Workspace name contains"
            type="search"
            value={draft.name}
            onChange={(name) => setDraft({ name })}
            error={error}
            field="name"
          />
        </div>
        <PerPageField id="quota-per-page" value={perPage} onChange={setPerPage} error={error} />
      </div>
      <div className="toolbar">
        <button type="submit">Apply filters</button>
        <button type="button" className="secondary" onClick={() => onApply({ name: '' }, perPage)}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

/**
 * An operator's controls of one workspace's limit: a limit of its own ("Set limit"), and when it has one,
 * "Use the default…", confirmed in place (focus goes to "Cancel", and back to the button after).
 */
function QuotaControls({ quota, onChanged }: { quota: QuotaView; onChanged: (message: string) => void }) {
  const name = quota.workspace_name;
  const path = `/quotas/${encodeURIComponent(quota.workspace_id)}`;
  const listed = String(quota.requests_per_minute);
  const [value, setValue] = useState(listed);
  // The listed limit the field last took: when the list brings another (changed by another operator, or
  // the default moved), the field follows it, unless the operator is typing a limit of their own.
  const [taken, setTaken] = useState(listed);
  if (listed !== taken) {
    setTaken(listed);
    if (value.trim() === taken) {
      setValue(listed);
    }
  }
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const controls = useRef<HTMLDivElement>(null);
  const resetButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) {
      cancelButton.current?.focus();
    } else if (wasConfirming.current) {
      // Back to "Use the default…", or to the field once the workspace is on the default.
      (resetButton.current ?? controls.current?.querySelector('input'))?.focus();
    }
    wasConfirming.current = confirming;
  }, [confirming]);

  const change = async (call: () => Promise<QuotaView>, message: (answer: QuotaView) => string) => {
    setError(null);
    setBusy(true);
    try {
      const answer = await call();
      setValue(String(answer.requests_per_minute));
      setConfirming(false);
      onChanged(message(answer));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const limit = parsedLimit(value);
    if (limit instanceof ApiError) {
      setError(limit);
      return;
    }
    const body: Schemas['SetQuota'] = { requests_per_minute: limit };
    void change(
      () => api<QuotaView>('definitions', path, { method: 'PUT', body }),
      (answer) => `${name} now has a limit of its own: ${plural(answer.requests_per_minute, 'request')} a minute.`,
    );
  };
  const resetToDefault = () =>
    change(
      () => api<QuotaView>('definitions', path, { method: 'DELETE' }),
      (answer) => `${name} is back on the default: ${plural(answer.requests_per_minute, 'request')} a minute.`,
    );

  // The limit's own errors are under its field; any other is said below the controls.
  const otherErrors = error instanceof ApiError ? error.errors.length > error.forField(FIELD).length : Boolean(error);
  return (
    <div ref={controls}>
      <form aria-label={`Limit of ${name}`} onSubmit={submit} noValidate>
        <TextField
          id={`quota-${quota.workspace_id}`}
          label={
            <>
              Requests per minute <span className="visually-hidden">for {name}</span>
            </>
          }
          inputMode="numeric"
          value={value}
          onChange={setValue}
          error={error}
          field={FIELD}
          disabled={busy}
        />
        <div className="toolbar" style={{ marginTop: 8, marginBottom: 0 }}>
          <button type="submit" className="small" disabled={busy}>
            {busy && !confirming ? 'Setting…' : 'Set limit'}
          </button>
          {quota.overridden && !confirming ? (
            <button
              ref={resetButton}
              type="button"
              className="secondary small"
              disabled={busy}
              onClick={() => {
                setError(null);
                setConfirming(true);
              }}
              aria-label={`Use the default for ${name}…`}
            >
              Use the default…
            </button>
          ) : null}
        </div>
      </form>
      {confirming ? (
        <fieldset className="bare" aria-label={`Confirm the default for ${name}`}>
          <p>
            Put {name} back on the default of {plural(quota.configured_requests_per_minute, 'request')} a minute?
          </p>
          <div className="toolbar" style={{ marginBottom: 0 }}>
            <button type="button" className="small" disabled={busy} onClick={resetToDefault}>
              {busy ? 'Working…' : 'Yes, use the default'}
            </button>
            <button
              type="button"
              className="secondary small"
              ref={cancelButton}
              disabled={busy}
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </fieldset>
      ) : null}
      {onlyOperators(error) ? (
        <div className="banner error" role="alert">
          Only a platform operator can change quotas: this token lacks the <code>operator</code> scope.
        </div>
      ) : otherErrors ? (
        <ErrorBanner error={error} shownFields={[FIELD]} />
      ) : null}
    </div>
  );
}
