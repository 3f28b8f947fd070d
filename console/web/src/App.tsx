import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { NavLink, Navigate, Route, Routes } from 'react-router-dom';
import { session } from './api';
import { SignIn } from './pages/SignIn';
import { ActionsList } from './pages/ActionsList';
import { ActionEditor } from './pages/ActionEditor';
import { Connections } from './pages/Connections';
import { Triggers } from './pages/Triggers';
import { DataModel } from './pages/DataModel';
import { Runs, RunDetail } from './pages/Runs';
import { Records } from './pages/Records';
import { Tokens } from './pages/Tokens';
import { DeadLetterDetail, DeadLetters } from './pages/DeadLetters';
import { Quotas } from './pages/Quotas';
import { useApi } from './query';

// The ops page carries the charting library: loaded only when opened, so the first load stays small.
const Ops = lazy(() => import('./pages/Ops'));

export interface Workspace {
  id: string;
  name: string;
}

export function App() {
  const [token, setToken] = useState(session.token());
  const [signedOutReason, setSignedOutReason] = useState<string | null>(null);
  const cache = useQueryClient();
  const workspace = useApi<Workspace>('definitions', '/workspaces/current', { enabled: Boolean(token) }).data;

  useEffect(
    () =>
      session.onSignedOut(() => {
        // Nothing read with the last token stays: the next one may be another workspace's.
        cache.clear();
        setToken(null);
        setSignedOutReason('You were signed out: the token is no longer accepted (revoked or unknown).');
      }),
    [cache],
  );

  if (!token) {
    return (
      <SignIn
        reason={signedOutReason}
        onSignedIn={() => {
          cache.clear();
          setSignedOutReason(null);
          setToken(session.token());
        }}
      />
    );
  }
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Custom Actions</span>
        <span className="workspace" title="Workspace">
          {workspace ? workspace.name : '…'}
        </span>
        <button
          type="button"
          className="link"
          onClick={() => {
            session.signOut();
            setSignedOutReason(null);
          }}
        >
          Sign out
        </button>
      </header>
      <nav className="side" aria-label="Sections">
        <NavLink to="/actions">Actions</NavLink>
        <NavLink to="/triggers">Triggers</NavLink>
        <NavLink to="/connections">Connections</NavLink>
        <NavLink to="/data-model">Data model</NavLink>
        <NavLink to="/runs">Run log</NavLink>
        <NavLink to="/records">Contacts &amp; objects</NavLink>
        <NavLink to="/tokens">API tokens</NavLink>
        <NavLink to="/ops">Operations</NavLink>
        <NavLink to="/dead-letters">Dead letters</NavLink>
        <NavLink to="/quotas">Quotas</NavLink>
      </nav>
      <main id="main" className="content">
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Routes>
            <Route path="/" element={<Navigate to="/actions" replace />} />
            <Route path="/actions" element={<ActionsList />} />
            <Route path="/actions/new" element={<ActionEditor />} />
            <Route path="/actions/:id" element={<ActionEditor />} />
            <Route path="/triggers" element={<Triggers />} />
            <Route path="/triggers/:id" element={<Triggers />} />
            <Route path="/connections" element={<Connections />} />
            <Route path="/data-model" element={<DataModel />} />
            <Route path="/runs" element={<Runs />} />
            <Route path="/runs/:id" element={<RunDetail />} />
            <Route path="/records" element={<Records />} />
            <Route path="/tokens" element={<Tokens />} />
            <Route path="/ops" element={<Ops />} />
            <Route path="/dead-letters" element={<DeadLetters />} />
            <Route path="/dead-letters/:id" element={<DeadLetterDetail />} />
            <Route path="/quotas" element={<Quotas />} />
            <Route
              path="*"
              element={
                <p>
                  Nothing here. <NavLink to="/actions">Go to actions</NavLink>.
                </p>
              }
            />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}
