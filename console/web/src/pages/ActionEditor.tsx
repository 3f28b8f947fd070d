import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, listOf } from '../api';
import { ErrorBanner, FieldErrors, hasError } from '../components/Errors';
import { CONTEXT_VALUES, TemplateInput } from '../components/TemplateInput';
import { TextField } from '../components/TextField';
import type { Action, Connection, HttpMethod, InputType, Trigger } from '../types';
import { HTTP_METHODS, INPUT_TYPES } from '../types';
import { BodyError, type Draft, EMPTY_DRAFT, toDraft, toRequest, typeHint } from './action/draft';
import { ImportPanel } from './action/Import';
import { TestPanel } from './action/TestPanel';
import { Mappings } from './action/Mappings';
import { Versions } from './action/Versions';
import { useList } from '../query';

/** Fields the form shows, so that their errors appear next to them rather than in the banner. */
const FORM_FIELDS = [
  'available',
  'name',
  'description',
  'http_method',
  'url',
  'query',
  'headers',
  'body',
  'data_inputs',
  'response_fields',
  'object_mappings',
  'connection_id',
  'timeout_ms',
  'retry',
  'not_found_statuses',
];

export function ActionEditor() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [action, setAction] = useState<Action | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [dirty, setDirty] = useState(false);
  const connections = useList<Connection>('definitions', '/connections').items ?? [];
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dependents, setDependents] = useState<Trigger[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [loading, setLoading] = useState(Boolean(id));
  const cache = useQueryClient();
  /** The lists that show actions (their names and states) are read again once one changed. */
  const listsChanged = () => void cache.invalidateQueries({ queryKey: ['definitions', '/actions'] });

  /**
   * Reads the action; the form's draft is replaced with it unless {@code keepEdits} (a change of state or of
   * agent access, which leaves the admin's unsaved edits where they are).
   */
  const load = useCallback(
    async (keepEdits = false) => {
      if (!id) {
        return;
      }
      setError(null);
      try {
        const loaded = await api<Action>('definitions', `/actions/${id}`);
        setAction(loaded);
        if (!keepEdits) {
          setDraft(toDraft(loaded));
          setDirty(false);
        }
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [id],
  );

  // The action seeds the form's draft, which the admin then edits: read once per action, not cached.
  useEffect(() => {
    load();
  }, [load]);

  const edit = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setDirty(true);
    setNotice(null);
  };

  /** Saves the draft (creating the action the first time); the saved action, or null when refused. */
  const save = async (): Promise<Action | null> => {
    setError(null);
    setDependents(null);
    let request: Record<string, unknown>;
    try {
      request = toRequest(draft);
    } catch (e) {
      if (e instanceof BodyError) {
        setError(new ApiError(400, [{ code: 'parameter_invalid', message: e.message, field: 'body' }], null));
        return null;
      }
      throw e;
    }
    setBusy(true);
    try {
      const saved = id
        ? await api<Action>('definitions', `/actions/${id}`, { method: 'PUT', body: request })
        : await api<Action>('definitions', '/actions', { method: 'POST', body: request });
      setAction(saved);
      setDraft(toDraft(saved));
      setDirty(false);
      listsChanged();
      if (!id) {
        navigate(`/actions/${saved.id}`, { replace: true });
      }
      return saved;
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
    }
  };

  /**
   * Makes a change to the saved action and says {@code done}; then reads the action again ({@code then}):
   * whole, after a publish; its state only, keeping unsaved edits; or not at all, once deleted. True when made.
   */
  const run = async (
    what: () => Promise<unknown>,
    done: string,
    then: 'reload' | 'keep-edits' | 'none',
  ): Promise<boolean> => {
    setError(null);
    setNotice(null);
    setDependents(null);
    setBusy(true);
    try {
      await what();
      setNotice(done);
      listsChanged();
      if (then !== 'none') {
        await load(then === 'keep-edits');
      }
      return true;
    } catch (e) {
      // A 409 because live triggers run the action is said once, in words with links; the API's
      // own lines (which name the triggers by id) only when the triggers can't be read.
      const dependents =
        e instanceof ApiError && e.status === 409 && action
          ? listOf<Trigger>(await api('definitions', '/triggers').catch(() => [])).filter(
              (t) => t.action_id === action.id && t.enabled,
            )
          : [];
      if (dependents.length > 0) {
        setDependents(dependents);
      } else {
        setError(e);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  /** Saves unsaved changes first: refused, their field-named errors stay beside their fields, as on save. */
  const publish = async () => {
    const target = dirty || !action ? await save() : action;
    if (target) {
      await run(
        () => api('definitions', `/actions/${target.id}/publish`, { method: 'POST' }),
        'Published: this version is live.',
        'reload',
      );
    }
  };

  const remove = async () => {
    if (!action || !window.confirm(`Delete the action "${action.name}"? Its run log stays.`)) {
      return;
    }
    if (await run(() => api('definitions', `/actions/${action.id}`, { method: 'DELETE' }), 'Deleted.', 'none')) {
      navigate('/actions');
    }
  };

  const placeholders = useMemo(
    () => [...draft.data_inputs.map((i) => i.name).filter(Boolean), ...CONTEXT_VALUES],
    [draft.data_inputs],
  );
  const withBody = draft.http_method === 'post' || draft.http_method === 'put' || draft.http_method === 'patch';

  if (loading) {
    return <p className="muted">Loading…</p>;
  }
  if (id && !action && error instanceof ApiError && error.status === 404) {
    return (
      <p>
        No such action. <Link to="/actions">Back to actions</Link>
      </p>
    );
  }
  if (id && !action) {
    // Not read (the platform unavailable, say): no form, whose save would write an empty action over it.
    return (
      <div>
        <h1>Action</h1>
        <ErrorBanner error={error} />
        <div className="toolbar">
          <button type="button" onClick={() => load()}>
            Try again
          </button>
          <Link to="/actions">Back to actions</Link>
        </div>
      </div>
    );
  }
  return (
    <div>
      <div className="toolbar">
        <h1 className="grow">
          {action ? action.name : 'New action'}
          {action ? (
            <span className={`tag ${action.state}`}>
              {action.state === 'live' ? `live · version ${action.live_version}` : 'draft'}
            </span>
          ) : null}
          {dirty ? <span className="tag">unsaved changes</span> : null}
        </h1>
        <button type="button" onClick={save} disabled={busy}>
          Save draft
        </button>
        <button type="button" onClick={publish} disabled={busy}>
          Publish
        </button>
        {action?.state === 'live' ? (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() =>
              run(
                () => api('definitions', `/actions/${action.id}/draft`, { method: 'POST' }),
                'Moved to draft: it no longer runs.',
                'keep-edits',
              )
            }
          >
            Move to draft
          </button>
        ) : null}
        {action ? (
          <button type="button" className="secondary danger-text" onClick={remove} disabled={busy}>
            Delete
          </button>
        ) : null}
      </div>
      {action ? (
        <p>
          <label className="inline">
            <input
              type="checkbox"
              checked={action.available_to_agents ?? false}
              disabled={busy || (action.state !== 'live' && !action.available_to_agents)}
              aria-describedby="agent-access-hint"
              onChange={(e) => {
                const available = e.target.checked;
                void run(
                  () =>
                    api('definitions', `/actions/${action.id}/agent_access`, { method: 'PUT', body: { available } }),
                  available
                    ? 'Available to AI agents: its live version is a tool of the platform’s MCP server.'
                    : 'No longer available to AI agents.',
                  'keep-edits',
                );
              }}
            />
            Available to AI agents
          </label>{' '}
          <span id="agent-access-hint" className="hint">
            Agents choose it by its description and call its live version
            {action.state !== 'live' ? ' (publish it first)' : ''}: it appears as a tool to the MCP clients connected
            with a token that has the agent scope (see <Link to="/tokens">API tokens</Link>).
          </span>
          <FieldErrors error={error} field="available" />
        </p>
      ) : null}
      {notice ? (
        <div className="banner ok" role="status">
          {notice}
        </div>
      ) : null}
      <ErrorBanner error={error} shownFields={FORM_FIELDS} />
      {dependents && dependents.length > 0 ? (
        <div className="banner warn" role="alert">
          <p>These live triggers run this action; disable or delete them first:</p>
          <ul>
            {dependents.map((t) => (
              <li key={t.id}>
                <Link to={`/triggers/${t.id}`}>{t.name}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <ImportPanel draft={draft} edit={edit} />

      <div className="two-columns">
        <div>
          <section className="card" aria-labelledby="request-heading">
            <h2 id="request-heading">Request</h2>
            <TextField
              id="action-name"
              label="Name"
              value={draft.name}
              error={error}
              field="name"
              onChange={(name) => edit({ name })}
            />
            <TextField
              id="action-description"
              label="Description"
              value={draft.description}
              error={error}
              field="description"
              onChange={(description) => edit({ description })}
            />
            <div className="row">
              <div className="fixed">
                <label htmlFor="action-method">Method</label>
                <select
                  id="action-method"
                  value={draft.http_method}
                  onChange={(e) => edit({ http_method: e.target.value as HttpMethod })}
                >
                  {HTTP_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {m.toUpperCase()}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="action-url">URL</label>
                <TemplateInput
                  id="action-url"
                  ariaLabel="URL"
                  value={draft.url}
                  onChange={(url) => edit({ url })}
                  placeholders={placeholders}
                  invalid={hasError(error, 'url')}
                  describedBy="action-url-error"
                  placeholder="https://api.example.com/orders/{{order_id}}"
                />
              </div>
            </div>
            <FieldErrors error={error} field="url" id="action-url-error" />
            <KeyValueRows
              label="Query parameters"
              field="query"
              rows={draft.query}
              placeholders={placeholders}
              error={error}
              onChange={(query) => edit({ query })}
            />
            <KeyValueRows
              label="Headers"
              field="headers"
              rows={draft.headers}
              placeholders={placeholders}
              error={error}
              onChange={(headers) => edit({ headers })}
            />
            {withBody ? (
              <>
                <label htmlFor="action-body">Body (JSON)</label>
                <TemplateInput
                  id="action-body"
                  ariaLabel="Body"
                  multiline
                  value={draft.bodyText}
                  onChange={(bodyText) => edit({ bodyText })}
                  placeholders={placeholders}
                  invalid={hasError(error, 'body')}
                  describedBy="action-body-error"
                  placeholder={'{"order_id": "{{order_id}}"}'}
                />
                <FieldErrors error={error} field="body" id="action-body-error" />
              </>
            ) : null}
          </section>

          <section className="card" aria-labelledby="inputs-heading">
            <h2 id="inputs-heading">Inputs</h2>
            <p className="hint">What the action needs each time it runs; a trigger binds them to an event's data.</p>
            {draft.data_inputs.map((input, i) => {
              const change = (c: Partial<Draft['data_inputs'][number]>) =>
                edit({
                  data_inputs: draft.data_inputs.map((x, j) => (j === i ? { ...x, ...c } : x)),
                });
              const hint = typeHint(input.type, input.defaultText);
              return (
                <fieldset key={i} className="row wide" aria-label={`Input ${i + 1}`}>
                  <div>
                    <label htmlFor={`input-${i}-name`}>Input name</label>
                    <input
                      id={`input-${i}-name`}
                      value={input.name}
                      onChange={(e) => change({ name: e.target.value })}
                      aria-invalid={hasError(error, `data_inputs[${i}].name`) || undefined}
                    />
                  </div>
                  <div className="fixed">
                    <label htmlFor={`input-${i}-type`}>Type</label>
                    <select
                      id={`input-${i}-type`}
                      value={input.type}
                      onChange={(e) => change({ type: e.target.value as InputType })}
                    >
                      {INPUT_TYPES.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`input-${i}-default`}>Default value</label>
                    <input
                      id={`input-${i}-default`}
                      value={input.defaultText}
                      onChange={(e) => change({ defaultText: e.target.value })}
                      aria-invalid={hasError(error, `data_inputs[${i}].default_value`) || Boolean(hint) || undefined}
                    />
                    {hint ? <div className="hint">Expected {hint}</div> : null}
                  </div>
                  <div className="fixed">
                    <label className="inline" style={{ marginTop: 34 }}>
                      <input
                        type="checkbox"
                        checked={input.required}
                        onChange={(e) => change({ required: e.target.checked })}
                      />
                      Required
                    </label>
                  </div>
                  <div className="fixed">
                    <button
                      type="button"
                      className="small secondary"
                      style={{ marginTop: 32 }}
                      aria-label={`Remove input ${input.name || i + 1}`}
                      onClick={() => edit({ data_inputs: draft.data_inputs.filter((_, j) => j !== i) })}
                    >
                      Remove
                    </button>
                  </div>
                  <FieldErrors error={error} field={`data_inputs[${i}]`} />
                </fieldset>
              );
            })}
            <FieldErrors error={error} field="data_inputs" />
            <button
              type="button"
              className="secondary small"
              onClick={() =>
                edit({
                  data_inputs: [
                    ...draft.data_inputs,
                    { name: '', type: 'string', required: true, description: '', defaultText: '' },
                  ],
                })
              }
            >
              Add input
            </button>
          </section>

          <section className="card" aria-labelledby="auth-heading">
            <h2 id="auth-heading">Authentication and limits</h2>
            <label htmlFor="action-connection">Connection</label>
            <select
              id="action-connection"
              value={draft.connection_id}
              onChange={(e) => edit({ connection_id: e.target.value })}
              aria-invalid={hasError(error, 'connection_id') || undefined}
            >
              <option value="">None</option>
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.auth_type}; {c.allowed_hosts.join(', ')})
                </option>
              ))}
            </select>
            <FieldErrors error={error} field="connection_id" />
            <p className="hint">
              Credentials come from the connection, sent only to its allowed hosts.{' '}
              <Link to="/connections">Manage connections</Link>
            </p>
            <div className="row">
              <div>
                <TextField
                  id="action-timeout"
                  label="Timeout (ms)"
                  inputMode="numeric"
                  value={draft.timeout_ms}
                  placeholder="10000"
                  error={error}
                  field="timeout_ms"
                  onChange={(timeout_ms) => edit({ timeout_ms })}
                />
              </div>
              <div>
                <label className="inline" style={{ marginTop: 34 }}>
                  <input
                    type="checkbox"
                    checked={draft.retry.enabled}
                    onChange={(e) => edit({ retry: { ...draft.retry, enabled: e.target.checked } })}
                  />
                  Retry failed calls
                </label>
              </div>
            </div>
            {draft.retry.enabled ? (
              <div className="row">
                <div>
                  <TextField
                    id="action-retry-attempts"
                    label="Attempts at most (2–5)"
                    inputMode="numeric"
                    value={draft.retry.max_attempts}
                    error={error}
                    field="retry.max_attempts"
                    onChange={(max_attempts) => edit({ retry: { ...draft.retry, max_attempts } })}
                  />
                </div>
                <div>
                  <TextField
                    id="action-retry-total"
                    label="Within (ms)"
                    inputMode="numeric"
                    value={draft.retry.max_total_ms}
                    error={error}
                    field="retry.max_total_ms"
                    onChange={(max_total_ms) => edit({ retry: { ...draft.retry, max_total_ms } })}
                  />
                </div>
              </div>
            ) : null}
            <FieldErrors error={error} field="retry" />
            <TextField
              id="action-not-found"
              label="Statuses that mean “nothing found”"
              inputMode="numeric"
              value={draft.not_found_statuses}
              placeholder="404"
              error={error}
              field="not_found_statuses"
              hint="Such as 404 for an unknown order: the run then succeeds with nothing found (no outputs, nothing written; workflows see found: false) instead of failing."
              onChange={(not_found_statuses) => edit({ not_found_statuses })}
            />
          </section>
        </div>

        <div>
          <TestPanel
            action={action}
            draft={draft}
            dirty={dirty}
            save={save}
            onPick={(field) => edit({ response_fields: [...draft.response_fields, field] })}
          />
          <Mappings draft={draft} error={error} edit={edit} />
          {action ? (
            <Versions
              action={action}
              connections={connections}
              onRestored={() => run(async () => undefined, 'Restored as the draft.', 'reload')}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}

interface KeyValueRowsProps {
  label: string;
  field: string;
  rows: { key: string; value: string }[];
  placeholders: string[];
  error: unknown;
  onChange: (rows: { key: string; value: string }[]) => void;
}

function KeyValueRows({ label, field, rows, placeholders, error, onChange }: KeyValueRowsProps) {
  const singular = label === 'Headers' ? 'Header' : 'Query parameter';
  return (
    <fieldset className="plain">
      <legend>{label}</legend>
      {rows.map((row, i) => (
        <div className="row" key={i}>
          <input
            aria-label={`${singular} ${i + 1} name`}
            placeholder="name"
            value={row.key}
            aria-invalid={hasError(error, `${field}[${i}]`) || undefined}
            onChange={(e) => onChange(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))}
          />
          <TemplateInput
            id={`${field}-${i}-value`}
            ariaLabel={`${singular} ${i + 1} value`}
            value={row.value}
            placeholders={placeholders}
            onChange={(value) => onChange(rows.map((r, j) => (j === i ? { ...r, value } : r)))}
          />
          <button
            type="button"
            className="small secondary fixed"
            aria-label={`Remove ${singular.toLowerCase()} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <FieldErrors error={error} field={field} />
      <button type="button" className="secondary small" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        Add {singular.toLowerCase()}
      </button>
    </fieldset>
  );
}
