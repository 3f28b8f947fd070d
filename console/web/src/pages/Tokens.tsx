import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { CopyStatus, useClipboard } from '../components/Clipboard';
import { ErrorBanner, FieldErrors, hasError } from '../components/Errors';
import { McpSetup } from '../components/McpSetup';
import { Time } from '../components/Time';
import { useList } from '../query';

// API tokens of the workspace (definitions service): GET /tokens lists them (never a secret),
// POST /tokens {name, scopes} issues one whose secret is in that answer only, DELETE /tokens/{id}
// revokes one.

interface Token {
  type: 'token';
  id: string;
  name: string;
  scopes: string[];
  created_at: string;
  revoked_at?: string | null;
  /** Not given by the API today; shown if it ever is. */
  last_used_at?: string | null;
  /** The secret: in the answer to the creation only. */
  token?: string;
}

/** The scopes a token can be given, with what each lets it do. */
const SCOPES: { name: string; hint: string }[] = [
  {
    name: 'admin',
    hint: 'the console and every admin API (actions, connections, triggers, tokens, run log); includes agent',
  },
  {
    name: 'agent',
    hint: "call the live actions admins made available to AI agents, as tools of the workspace's MCP server (tools/list, tools/call); nothing else",
  },
  { name: 'channel_events', hint: 'send channel events to the gateway' },
  { name: 'objects_read', hint: 'read contacts, conversations, custom objects and the data model' },
  { name: 'objects_write', hint: 'write custom attributes, custom objects and the data model' },
  {
    name: 'operator',
    hint: "see the whole platform on the operations page (every workspace); only an operator's token grants it",
  },
];

/** API tokens: list, create (secret shown once), revoke. */
export function Tokens() {
  const list = useList<Token>('definitions', '/tokens');
  const tokens = list.items;
  const listError = list.error;
  const load = list.reload;
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ name: string; secret: string; scopes: string[] } | null>(null);
  /** A token for AI agents just created: the MCP configuration carries its secret while it is shown. */
  const agentSecret = created?.scopes.includes('agent') ? created.secret : null;
  /** Where focus goes once a revoked token's controls are gone from its row. */
  const tokensHeading = useRef<HTMLHeadingElement>(null);
  /** The token just revoked, until the list shows it so (its row's controls gone): focus moves then. */
  const [revokedId, setRevokedId] = useState<string | null>(null);
  useEffect(() => {
    if (revokedId && tokens?.some((t) => t.id === revokedId && t.revoked_at)) {
      tokensHeading.current?.focus();
      setRevokedId(null);
    }
  }, [revokedId, tokens]);

  /** Revokes {@code token}; true once it is, the list read again. */
  const revoke = async (token: Token): Promise<boolean> => {
    setRevokeError(null);
    try {
      await api<Token>('definitions', `/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      setRevokedId(token.id);
      await load();
      return true;
    } catch (e) {
      setRevokeError(e);
      return false;
    }
  };

  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">
        A token lets a system call this workspace's APIs with the scopes it has. Revoking one makes every service refuse
        it within seconds; revoking the token you are signed in with signs you out.
      </p>
      {created ? (
        <NewSecret
          name={created.name}
          secret={created.secret}
          forAgents={agentSecret !== null}
          onDone={() => setCreated(null)}
        />
      ) : (
        <CreateToken
          onCreated={(token) => {
            setCreated({ name: token.name, secret: token.token ?? '', scopes: token.scopes });
            void load();
          }}
        />
      )}
      <h2 ref={tokensHeading} tabIndex={-1}>
        Tokens
      </h2>
      <ErrorBanner error={listError} />
      <ErrorBanner error={revokeError} />
      {tokens === null && !listError ? (
        <p className="muted" role="status">
          Loading tokens…
        </p>
      ) : null}
      {tokens !== null && tokens.length === 0 ? <p className="muted">No tokens yet.</p> : null}
      {tokens !== null && tokens.length > 0 ? <TokenTable tokens={tokens} onRevoke={revoke} /> : null}
      <McpSetup secret={agentSecret} />
    </>
  );
}

function TokenTable({ tokens, onRevoke }: { tokens: Token[]; onRevoke: (token: Token) => Promise<boolean> }) {
  const lastUsedKnown = tokens.some((t) => t.last_used_at !== undefined);
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            {lastUsedKnown ? <th scope="col">Last used</th> : null}
            <th scope="col">State</th>
            <th scope="col">
              <span className="muted">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>
                {[...token.scopes].sort().map((scope) => (
                  <code key={scope} style={{ marginRight: 6 }}>
                    {scope}
                  </code>
                ))}
              </td>
              <td>
                <Time value={token.created_at} />
              </td>
              {lastUsedKnown ? (
                <td>
                  {token.last_used_at ? <Time value={token.last_used_at} /> : <span className="muted">never</span>}
                </td>
              ) : null}
              <td>
                {token.revoked_at ? (
                  <>
                    <span className="tag revoked">revoked</span> <Time value={token.revoked_at} />
                  </>
                ) : (
                  <span className="tag success">active</span>
                )}
              </td>
              <td>{token.revoked_at ? null : <RevokeControl token={token} onRevoke={onRevoke} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Revoke", then "Revoke …? Yes, revoke / No" in place; focus goes to "No" and back to "Revoke". */
function RevokeControl({ token, onRevoke }: { token: Token; onRevoke: (token: Token) => Promise<boolean> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const noButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) {
      noButton.current?.focus();
    } else if (wasConfirming.current) {
      revokeButton.current?.focus();
    }
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        ref={revokeButton}
        type="button"
        className="danger small"
        onClick={() => setConfirming(true)}
        aria-label={`Revoke ${token.name}`}
      >
        Revoke
      </button>
    );
  }
  return (
    <fieldset className="bare inline" aria-label={`Confirm revoking ${token.name}`}>
      Revoke “{token.name}”?{' '}
      <button
        type="button"
        className="danger small"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const revoked = await onRevoke(token);
          setBusy(false);
          // Revoked, the row loses these controls and the page moves focus; refused, back to "Revoke".
          if (!revoked) {
            setConfirming(false);
          }
        }}
      >
        {busy ? 'Revoking…' : 'Yes, revoke'}
      </button>{' '}
      <button
        type="button"
        className="secondary small"
        ref={noButton}
        disabled={busy}
        onClick={() => setConfirming(false)}
      >
        No
      </button>
    </fieldset>
  );
}

function CreateToken({ onCreated }: { onCreated: (token: Token) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (scope: string, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const token = await api<Token>('definitions', '/tokens', { method: 'POST', body: { name, scopes } });
      onCreated(token);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-token-heading">
      <h2 id="create-token-heading" style={{ marginTop: 0 }}>
        Create a token
      </h2>
      <ErrorBanner error={error} shownFields={['name', 'scopes']} />
      <label htmlFor="token-name">Token name</label>
      <input
        id="token-name"
        type="text"
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoComplete="off"
        aria-invalid={hasError(error, 'name') || undefined}
        aria-describedby="token-name-hint token-name-error"
      />
      <div id="token-name-hint" className="hint">
        What or who uses it, e.g. "Zendesk bridge".
      </div>
      <FieldErrors error={error} field="name" id="token-name-error" />
      <fieldset
        style={{ border: 0, padding: 0, margin: '12px 0 0' }}
        aria-describedby="token-scopes-error"
        aria-invalid={hasError(error, 'scopes') || undefined}
      >
        <legend style={{ fontWeight: 600, padding: 0 }}>Scopes</legend>
        {SCOPES.map((scope) => (
          <div key={scope.name}>
            <label className="inline" htmlFor={`token-scope-${scope.name}`}>
              <input
                id={`token-scope-${scope.name}`}
                type="checkbox"
                checked={scopes.includes(scope.name)}
                onChange={(e) => toggle(scope.name, e.target.checked)}
                aria-describedby={`token-scope-${scope.name}-hint`}
              />
              {scope.name}
            </label>
            <span id={`token-scope-${scope.name}-hint`} className="hint">
              {scope.hint}
            </span>
          </div>
        ))}
        <FieldErrors error={error} field="scopes" id="token-scopes-error" />
      </fieldset>
      <div className="toolbar" style={{ marginTop: 12 }}>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}

/** The new token's secret, shown this once: it is in the creation's answer only. */
function NewSecret({
  name,
  secret,
  forAgents,
  onDone,
}: {
  name: string;
  secret: string;
  /** Whether it has the agent scope: the MCP configuration below carries it meanwhile. */
  forAgents: boolean;
  onDone: () => void;
}) {
  const { copied, copy } = useClipboard();
  // The form that made it is gone: focus goes to the secret (selected, ready to copy), whose note is read with it.
  const secretField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    secretField.current?.focus();
  }, []);
  return (
    <section className="card" aria-labelledby="new-token-heading">
      <h2 id="new-token-heading" style={{ marginTop: 0 }}>
        Token “{name}” created
      </h2>
      <div className="banner warn" id="new-token-note">
        Copy this token now and keep it somewhere safe: <strong>it won't be shown again</strong>. If it is lost, revoke
        it and create another.
      </div>
      <label htmlFor="new-token-secret">New token (shown once)</label>
      <div className="row">
        <input
          ref={secretField}
          id="new-token-secret"
          type="text"
          readOnly
          value={secret}
          className="mono"
          autoComplete="off"
          spellCheck={false}
          aria-describedby="new-token-note"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="fixed" onClick={() => copy(secret)} aria-describedby="new-token-copied">
          Copy
        </button>
      </div>
      <CopyStatus id="new-token-copied" copied={copied} what="the token" />
      {forAgents ? (
        <p className="hint">For an AI agent: the MCP client configuration below carries it until you are done.</p>
      ) : null}
      <div className="toolbar" style={{ marginTop: 12 }}>
        <button type="button" className="secondary" onClick={onDone}>
          Done, I have copied it
        </button>
      </div>
    </section>
  );
}
