import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { session } from '../api';
import { errorList, mockFetch } from '../components/fetchMock';
import { SignIn } from './SignIn';

describe('SignIn', () => {
  it('keeps an accepted token in the session and hands on its workspace', async () => {
    const api = mockFetch((call) =>
      call.path === '/api/definitions/workspaces/current'
        ? { body: { type: 'workspace', id: 'w1', name: 'Acme' } }
        : undefined,
    );
    const signedIn = vi.fn();
    render(<SignIn reason={null} onSignedIn={signedIn} />);
    await userEvent.type(screen.getByLabelText('API token (admin scope)'), ' cat_secret ');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await vi.waitFor(() => expect(signedIn).toHaveBeenCalledWith({ type: 'workspace', id: 'w1', name: 'Acme' }));
    expect(session.token()).toBe('cat_secret');
    expect(api.calls).toHaveLength(1);
  });

  it('says why a token is refused and keeps nothing', async () => {
    mockFetch((call) =>
      call.path === '/api/definitions/workspaces/current'
        ? { status: 401, body: errorList({ code: 'unauthorized', message: 'Access Token Invalid' }) }
        : undefined,
    );
    const signedIn = vi.fn();
    render(<SignIn reason="You were signed out: the token is no longer accepted." onSignedIn={signedIn} />);
    expect(screen.getByRole('status')).toHaveTextContent('You were signed out');
    await userEvent.type(screen.getByLabelText('API token (admin scope)'), 'cat_revoked');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('This token is not accepted (unknown or revoked).');
    expect(signedIn).not.toHaveBeenCalled();
    expect(session.token()).toBeNull();
  });
});
