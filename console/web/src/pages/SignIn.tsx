import { useState } from 'react';
import { api, ApiError, session } from '../api';
import type { Workspace } from '../App';

/** Sign in with an API token: kept in this tab's session only. */
export function SignIn({ onSignedIn, reason }: { onSignedIn: (workspace: Workspace) => void; reason: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const workspace = await api<Workspace>('definitions', '/workspaces/current', { token: token.trim() });
      session.signIn(token.trim());
      onSignedIn(workspace);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'This token is not accepted (unknown or revoked).'
          : err instanceof ApiError && err.status === 403
            ? 'This token lacks the admin scope the console needs.'
            : err instanceof Error
              ? err.message
              : String(err),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Custom Actions console</h1>
      {reason ? (
        <div className="banner warn" role="status">
          {reason}
        </div>
      ) : null}
      <form onSubmit={submit}>
        <label htmlFor="token">API token (admin scope)</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby="token-help"
          aria-invalid={error ? true : undefined}
          required
        />
        <p id="token-help" className="muted">
          The token is kept for this browser tab only and sent only to this platform.
          <code> deploy/local/run</code> prints one.
        </p>
        {error ? (
          <div className="field-error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
