import { useState } from 'react';
import { ApiError, api } from '../api';
import { ActionLinks, Refusal } from '../components/ActionLinks';
import { ErrorBanner, FieldErrors, hasError } from '../components/Errors';
import { TextField } from '../components/TextField';
import type { Connection, ConnectionUse } from '../types';
import { useList } from '../query';

type AuthType = Connection['auth_type'];

/** The fields of each authentication type, as the API names them; secrets are never shown back. */
const AUTH_FIELDS: Record<AuthType, { field: string; label: string; secret?: boolean; options?: string[] }[]> = {
  bearer: [{ field: 'token', label: 'Bearer token', secret: true }],
  api_key: [
    { field: 'api_key_name', label: 'Key name (header or query parameter)' },
    { field: 'api_key_in', label: 'Sent in', options: ['header', 'query'] },
    { field: 'api_key', label: 'API key', secret: true },
  ],
  basic: [
    { field: 'username', label: 'Username' },
    { field: 'password', label: 'Password', secret: true },
  ],
  oauth2_client_credentials: [
    { field: 'token_url', label: 'Token URL' },
    { field: 'client_id', label: 'Client id' },
    { field: 'client_secret', label: 'Client secret', secret: true },
    { field: 'scope', label: 'Scope' },
  ],
};
const AUTH_NAMES: Record<AuthType, string> = {
  bearer: 'Bearer token',
  api_key: 'API key',
  basic: 'Basic (username and password)',
  oauth2_client_credentials: 'OAuth 2.0 client credentials',
};
const SHOWN_FIELDS = [
  'name',
  'description',
  'auth_type',
  'allowed_hosts',
  'rate_limit_per_minute',
  ...Object.values(AUTH_FIELDS)
    .flat()
    .map((f) => f.field),
];

interface Form {
  id: string | null;
  name: string;
  description: string;
  auth_type: AuthType;
  hosts: string;
  rate: string;
  fields: Record<string, string>;
}

/** Where an action uses a connection, in words. */
function inWords(use: ConnectionUse): string {
  if (use.state === 'live') {
    return use.in_draft && use.in_live_version ? 'live' : use.in_live_version ? 'its live version' : 'its draft';
  }
  return 'draft';
}

function UsedBy({ uses }: { uses: ConnectionUse[] }) {
  return <ActionLinks actions={uses.map((u) => ({ id: u.id, name: u.name, note: inWords(u) }))} />;
}

const EMPTY: Form = {
  id: null,
  name: '',
  description: '',
  auth_type: 'api_key',
  hosts: '',
  rate: '',
  fields: { api_key_in: 'header' },
};

/** Authentication connections: credentials sealed at rest, sent only to their allowed hosts. */
export function Connections() {
  const list = useList<Connection>('definitions', '/connections');
  const connections = list.items;
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** A connection whose deletion was refused because actions use it (as the API answered then). */
  const [refused, setRefused] = useState<Connection | null>(null);

  const load = list.reload;

  const edit = (c: Connection) => {
    setError(null);
    setNotice(null);
    const fields: Record<string, string> = {};
    for (const f of AUTH_FIELDS[c.auth_type]) {
      fields[f.field] = f.secret ? '' : String(c[f.field] ?? '');
    }
    setForm({
      id: c.id,
      name: c.name,
      description: c.description ?? '',
      auth_type: c.auth_type,
      hosts: c.allowed_hosts.join('\n'),
      rate: c.rate_limit_per_minute ? String(c.rate_limit_per_minute) : '',
      fields,
    });
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!form || saving) {
      return;
    }
    setError(null);
    const body: Record<string, unknown> = {
      name: form.name,
      // Empty clears an existing connection's description (null would keep it).
      description: form.id ? form.description : form.description || null,
      auth_type: form.auth_type,
      allowed_hosts: form.hosts.split(/[\s,]+/).filter(Boolean),
    };
    if (form.rate.trim() !== '') {
      body.rate_limit_per_minute = /^\d+$/.test(form.rate.trim()) ? Number(form.rate.trim()) : form.rate;
    } else if (form.id) {
      body.rate_limit_per_minute = 0;
    }
    for (const f of AUTH_FIELDS[form.auth_type]) {
      const value = form.fields[f.field] ?? '';
      // A secret left empty on an existing connection keeps its stored value.
      if (!(f.secret && form.id && value === '')) {
        body[f.field] = value;
      }
    }
    setSaving(true);
    try {
      if (form.id) {
        await api('definitions', `/connections/${form.id}`, { method: 'PUT', body });
      } else {
        await api('definitions', '/connections', { method: 'POST', body });
      }
      setNotice(`Connection "${form.name}" saved.`);
      setForm(null);
      load();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (c: Connection) => {
    setError(null);
    setNotice(null);
    setRefused(null);
    if (!window.confirm(`Delete the connection "${c.name}"?`)) {
      return;
    }
    try {
      await api('definitions', `/connections/${c.id}`, { method: 'DELETE' });
      setNotice(`Connection "${c.name}" deleted.`);
      load();
    } catch (err) {
      // Refused while actions use it: say which, with links, once (the API's own lines are not repeated).
      const now =
        err instanceof ApiError && err.status === 409
          ? ((await api('definitions', `/connections/${c.id}`).catch(() => null)) as Connection | null)
          : null;
      if (now && now.used_by.length > 0) {
        setRefused(now);
        load();
      } else {
        setError(err);
      }
    }
  };

  return (
    <div>
      <div className="toolbar">
        <h1 className="grow">Connections</h1>
        <button
          type="button"
          onClick={() => {
            setForm({ ...EMPTY, fields: { ...EMPTY.fields } });
            setError(null);
          }}
        >
          New connection
        </button>
      </div>
      {notice ? (
        <div className="banner ok" role="status">
          {notice}
        </div>
      ) : null}
      <ErrorBanner error={error} shownFields={form ? SHOWN_FIELDS : []} />
      {refused ? (
        <Refusal
          lead={`"${refused.name}" can't be deleted: these actions use it. Give each one another connection, or delete it, first.`}
          actions={refused.used_by.map((u) => ({ id: u.id, name: u.name, note: inWords(u) }))}
        />
      ) : null}
      {form ? (
        <form className="card" onSubmit={save} aria-labelledby="connection-form-heading">
          <h2 id="connection-form-heading">{form.id ? `Edit ${form.name}` : 'New connection'}</h2>
          <TextField
            id="connection-name"
            label="Connection name"
            value={form.name}
            error={error}
            field="name"
            onChange={(name) => setForm({ ...form, name })}
          />
          <TextField
            id="connection-description"
            label="Description"
            value={form.description}
            error={error}
            field="description"
            onChange={(description) => setForm({ ...form, description })}
          />
          <label htmlFor="connection-auth-type">Authentication type</label>
          <select
            id="connection-auth-type"
            value={form.auth_type}
            disabled={Boolean(form.id)}
            onChange={(e) =>
              setForm({
                ...form,
                auth_type: e.target.value as AuthType,
                fields: e.target.value === 'api_key' ? { api_key_in: 'header' } : {},
              })
            }
          >
            {(Object.keys(AUTH_FIELDS) as AuthType[]).map((t) => (
              <option key={t} value={t}>
                {AUTH_NAMES[t]}
              </option>
            ))}
          </select>
          {form.id ? <div className="hint">The type of a connection can't change.</div> : null}
          {AUTH_FIELDS[form.auth_type].map((f) => (
            <div key={f.field}>
              {f.options ? (
                <>
                  <label htmlFor={`connection-${f.field}`}>{f.label}</label>
                  <select
                    id={`connection-${f.field}`}
                    value={form.fields[f.field] ?? f.options[0]}
                    onChange={(e) => setForm({ ...form, fields: { ...form.fields, [f.field]: e.target.value } })}
                  >
                    {f.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                </>
              ) : (
                <TextField
                  id={`connection-${f.field}`}
                  label={f.label}
                  type={f.secret ? 'password' : 'text'}
                  value={form.fields[f.field] ?? ''}
                  error={error}
                  field={f.field}
                  placeholder={f.secret && form.id ? 'Stored (leave empty to keep it)' : undefined}
                  onChange={(value) => setForm({ ...form, fields: { ...form.fields, [f.field]: value } })}
                />
              )}
            </div>
          ))}
          <label htmlFor="connection-hosts">Allowed hosts (one per line; *.example.com allowed)</label>
          <textarea
            id="connection-hosts"
            rows={3}
            value={form.hosts}
            onChange={(e) => setForm({ ...form, hosts: e.target.value })}
            aria-invalid={hasError(error, 'allowed_hosts') || undefined}
          />
          <FieldErrors error={error} field="allowed_hosts" />
          <TextField
            id="connection-rate"
            label="Rate limit (calls per minute, empty for none)"
            inputMode="numeric"
            value={form.rate}
            error={error}
            field="rate_limit_per_minute"
            onChange={(rate) => setForm({ ...form, rate })}
          />
          <div className="toolbar" style={{ marginTop: 12 }}>
            <button type="submit" disabled={saving}>
              {saving ? 'Saving…' : 'Save connection'}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setForm(null);
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <ErrorBanner error={list.error} />
      {connections === null && !list.error ? <p className="muted">Loading…</p> : null}
      {connections && connections.length === 0 && !form ? (
        <div className="card">
          <p>No connections yet.</p>
        </div>
      ) : null}
      {connections && connections.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Allowed hosts</th>
                <th>Used by</th>
                <th>Version</th>
                <th>
                  <span className="visually-hidden">Manage</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.name}
                    {c.description ? <div className="hint">{c.description}</div> : null}
                  </td>
                  <td>{AUTH_NAMES[c.auth_type] ?? c.auth_type}</td>
                  <td className="mono">{c.allowed_hosts.join(', ')}</td>
                  <td>
                    {c.used_by.length > 0 ? <UsedBy uses={c.used_by} /> : <span className="muted">No action</span>}
                  </td>
                  <td>{c.version}</td>
                  <td>
                    <button
                      type="button"
                      className="small secondary"
                      onClick={() => edit(c)}
                      aria-label={`Edit ${c.name}`}
                    >
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      className="small secondary danger-text"
                      onClick={() => remove(c)}
                      aria-label={`Delete ${c.name}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
