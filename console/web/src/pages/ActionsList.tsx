import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorBanner } from '../components/Errors';
import { useList } from '../query';
import type { Action } from '../types';

/** Every action of the workspace with its state and live version; search by name, URL or description. */
export function ActionsList() {
  const { items: actions, error } = useList<Action>('definitions', '/actions');
  const [search, setSearch] = useState('');
  const [state, setState] = useState('');

  const needle = search.trim().toLowerCase();
  const shown = (actions ?? []).filter(
    (a) =>
      (state === '' || a.state === state) &&
      (needle === '' || [a.name, a.url, a.description ?? ''].some((text) => text?.toLowerCase().includes(needle))),
  );
  return (
    <div>
      <div className="toolbar">
        <h1 className="grow">Actions</h1>
        <Link to="/actions/new">
          <button type="button">Create action</button>
        </Link>
      </div>
      <p className="muted">
        An action calls another system's API with the inputs it is given, reads outputs from the answer and stores them
        on the conversation, the contact or a custom object.
      </p>
      <ErrorBanner error={error} />
      <div className="toolbar">
        <div className="grow">
          <label htmlFor="action-search">Search actions</label>
          <input
            id="action-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Name, URL or description"
          />
        </div>
        <div>
          <label htmlFor="action-state">State</label>
          <select id="action-state" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">All</option>
            <option value="live">Live</option>
            <option value="draft">Draft</option>
          </select>
        </div>
      </div>
      {actions === null && !error ? <p className="muted">Loading…</p> : null}
      {actions !== null && actions.length === 0 ? (
        <div className="card">
          <p>
            No actions yet. <Link to="/actions/new">Create the first one</Link>.
          </p>
        </div>
      ) : null}
      {shown.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>State</th>
                <th>Request</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/actions/${a.id}`}>{a.name}</Link>
                    {a.description ? <div className="hint">{a.description}</div> : null}
                  </td>
                  <td>
                    <span className={`tag ${a.state}`}>
                      {a.state === 'live' ? `live · v${a.live_version}` : 'draft'}
                    </span>
                  </td>
                  <td className="mono">
                    {a.http_method?.toUpperCase()} {a.url}
                  </td>
                  <td>{new Date(a.updated_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : actions !== null && actions.length > 0 ? (
        <p className="muted">No action matches.</p>
      ) : null}
    </div>
  );
}
