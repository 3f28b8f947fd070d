import { useState } from 'react';
import { ApiError, api } from '../api';

/**
 * "Re-run" for a failed run (executor: POST /runs/{id}/rerun): the action's current live version runs
 * again, now, with the run's inputs and context. The new run, once finished, goes to {@code onRerun};
 * a refusal (409: the run didn't fail, or the action is no longer live) or a re-run still going on
 * (504) is said beside the button.
 */
export function RerunControl<T extends { run_id: string }>({
  runId,
  onRerun,
}: {
  runId: string;
  onRerun: (run: T) => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const rerun = async () => {
    setError(null);
    setBusy(true);
    try {
      const run = await api<T>('executor', `/runs/${encodeURIComponent(runId)}/rerun`, { method: 'POST' });
      onRerun(run);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const messages = error instanceof ApiError ? error.errors.map((e) => e.message) : error ? [String(error)] : [];
  return (
    <div>
      <div className="toolbar">
        <button type="button" onClick={rerun} disabled={busy} aria-describedby="rerun-note rerun-error">
          {busy ? 'Re-running…' : 'Re-run'}
        </button>
        <span id="rerun-note" className="hint">
          Runs the action's current live version with the same inputs and context: the call is real.
        </span>
      </div>
      {messages.length > 0 ? (
        <div id="rerun-error" className="field-error" role="alert">
          {messages.map((message, i) => (
            <div key={i}>{message}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
