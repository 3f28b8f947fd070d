import { diffLines } from 'diff';
import { useState } from 'react';
import { api } from '../../api';
import { ErrorBanner } from '../../components/Errors';
import type { Action, ActionVersion, Connection } from '../../types';
import { useList } from '../../query';
import { changes } from './changes';

/** A version as compared: what it does, without when it was published. */
function comparable(version: ActionVersion): string {
  const { published_at: _published, ...rest } = version as ActionVersion & { type?: string };
  delete (rest as { type?: string }).type;
  return JSON.stringify(rest, null, 2);
}

/** Version history: the published versions, a side-by-side diff of two, and restore one as the draft. */
export function Versions({
  action,
  connections = [],
  onRestored,
}: {
  action: Action;
  connections?: Connection[];
  onRestored: () => void;
}) {
  // Asked again whenever the action changes (a publish adds a version): its update time is part of the key.
  const list = useList<ActionVersion>('definitions', `/actions/${action.id}/versions`, undefined, action.updated_at);
  const versions = list.items ?? [];
  const [picked, setPicked] = useState<{ left: number | null; right: number | null } | null>(null);
  const [changeError, setError] = useState<unknown>(null);
  const error = changeError ?? list.error;
  // The latest two versions until the admin picks others.
  const left = picked ? picked.left : (versions[1]?.version ?? null);
  const right = picked ? picked.right : (versions[0]?.version ?? null);
  const setLeft = (version: number) => setPicked({ left: version, right });
  const setRight = (version: number) => setPicked({ left, right: version });

  const restore = async (version: number) => {
    if (
      !window.confirm(`Replace the draft with version ${version}? The live version keeps running until you publish.`)
    ) {
      return;
    }
    try {
      await api('definitions', `/actions/${action.id}/versions/${version}/restore`, { method: 'POST' });
      onRestored();
    } catch (e) {
      setError(e);
    }
  };

  const a = versions.find((v) => v.version === left);
  const b = versions.find((v) => v.version === right);
  const parts = a && b ? diffLines(comparable(a), comparable(b)) : [];
  const inWords = a && b ? changes(a, b, (id) => connections.find((c) => c.id === id)?.name) : [];
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <ErrorBanner error={error} />
      {versions.length === 0 ? (
        <p className="hint">Not published yet: publishing makes the draft version 1.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Version</th>
              <th>Published</th>
              <th>
                <span className="visually-hidden">Manage</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>
                  {v.version}
                  {v.version === action.live_version && action.state === 'live' ? (
                    <span className="tag live">live</span>
                  ) : null}
                </td>
                <td>{new Date(v.published_at).toLocaleString()}</td>
                <td>
                  <button type="button" className="small secondary" onClick={() => restore(v.version)}>
                    Restore version {v.version}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {versions.length > 1 ? (
        <>
          <h3>Compare</h3>
          <div className="row">
            <div>
              <label htmlFor="diff-left">From version</label>
              <select id="diff-left" value={left ?? ''} onChange={(e) => setLeft(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="diff-right">To version</label>
              <select id="diff-right" value={right ?? ''} onChange={(e) => setRight(Number(e.target.value))}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <h4>
            What changed from version {left} to version {right}
          </h4>
          {inWords.length === 0 ? (
            <p className="hint">Nothing: the two versions do the same.</p>
          ) : (
            <ul aria-label={`Changes from version ${left} to version ${right}`}>
              {inWords.map((c) => (
                <li key={c.field}>
                  <code>{c.field}</code>
                  {c.from === undefined ? (
                    <>
                      {' '}
                      added: <b>{c.to}</b>
                    </>
                  ) : c.to === undefined ? (
                    <>
                      {' '}
                      removed (was <b>{c.from}</b>)
                    </>
                  ) : (
                    <>
                      : <b>{c.from}</b> → <b>{c.to}</b>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <details>
            <summary>Side by side</summary>
            <figure className="diff" aria-label={`Differences between version ${left} and version ${right}`}>
              <pre>
                {parts
                  .filter((p) => !p.added)
                  .map((p, k) => (
                    <span key={k} className={p.removed ? 'changed' : undefined}>
                      {p.value}
                    </span>
                  ))}
              </pre>
              <pre>
                {parts
                  .filter((p) => !p.removed)
                  .map((p, k) => (
                    <span key={k} className={p.added ? 'changed' : undefined}>
                      {p.value}
                    </span>
                  ))}
              </pre>
            </figure>
          </details>
        </>
      ) : null}
    </section>
  );
}
