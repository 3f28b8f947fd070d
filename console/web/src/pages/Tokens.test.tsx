import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorList, mockFetch, withQueries } from '../components/fetchMock';
import { Tokens } from './Tokens';

const ci = { type: 'token', id: 't1', name: 'CI bridge', scopes: ['objects_read'], created_at: '2026-11-20T09:00:00Z' };
const old = {
  type: 'token',
  id: 't0',
  name: 'Old bridge',
  scopes: ['channel_events'],
  created_at: '2026-11-01T09:00:00Z',
  revoked_at: '2026-11-02T09:00:00Z',
};
const SECRET = 'cat_live_9f86d081884c7d659a2feaa0c55ad015';

function rowOf(name: string): HTMLElement {
  return screen.getByRole('cell', { name }).closest('tr')!;
}

describe('Tokens', () => {
  it('lists the tokens with their scopes and revocation', async () => {
    mockFetch((call) =>
      call.path === '/api/definitions/tokens' ? { body: { type: 'list', data: [ci, old] } } : undefined,
    );
    render(withQueries(<Tokens />));
    await screen.findByRole('cell', { name: 'CI bridge' });
    expect(rowOf('CI bridge')).toHaveTextContent('objects_read');
    expect(rowOf('CI bridge')).toHaveTextContent('active');
    expect(within(rowOf('CI bridge')).getByRole('button', { name: 'Revoke CI bridge' })).toBeInTheDocument();
    expect(rowOf('Old bridge')).toHaveTextContent('revoked');
    expect(within(rowOf('Old bridge')).queryByRole('button')).not.toBeInTheDocument();
  });

  it('creates a token and shows its secret once, with a copy button', async () => {
    let created = false;
    const api = mockFetch((call) => {
      if (call.path !== '/api/definitions/tokens') {
        return undefined;
      }
      if (call.method === 'POST') {
        created = true;
        return {
          status: 201,
          body: {
            type: 'token',
            id: 't2',
            name: 'Zendesk',
            scopes: ['objects_read', 'objects_write'],
            created_at: '2026-11-21T10:00:00Z',
            token: SECRET,
          },
        };
      }
      const listed = {
        type: 'token',
        id: 't2',
        name: 'Zendesk',
        scopes: ['objects_read', 'objects_write'],
        created_at: '2026-11-21T10:00:00Z',
      };
      return { body: { type: 'list', data: created ? [ci, listed] : [ci] } };
    });
    const user = userEvent.setup();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(withQueries(<Tokens />));
    await screen.findByRole('cell', { name: 'CI bridge' });

    await user.type(screen.getByLabelText('Token name'), 'Zendesk');
    await user.click(screen.getByLabelText('objects_read'));
    await user.click(screen.getByLabelText('objects_write'));
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    const secret = await screen.findByLabelText('New token (shown once)');
    expect(secret).toHaveValue(SECRET);
    expect(secret).toHaveAttribute('readonly');
    expect(secret).toHaveFocus();
    expect(screen.getByText(/won't be shown again/)).toBeInTheDocument();
    expect(api.to('/api/definitions/tokens', 'POST')[0].body).toEqual({
      name: 'Zendesk',
      scopes: ['objects_read', 'objects_write'],
    });

    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(await screen.findByText('Copied to the clipboard.')).toBeInTheDocument();

    // The list is read again: the new token is there, without its secret.
    await screen.findByRole('cell', { name: 'Zendesk' });
    await user.click(screen.getByRole('button', { name: /Done/ }));
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(SECRET);
    expect(screen.getByLabelText('Token name')).toHaveValue('');
  });

  it("shows the API's errors next to the fields they name", async () => {
    mockFetch((call) => {
      if (call.path !== '/api/definitions/tokens') {
        return undefined;
      }
      return call.method === 'POST'
        ? {
            status: 400,
            body: errorList(
              { code: 'parameter_invalid', field: 'name', message: 'name must not be blank' },
              { code: 'parameter_invalid', field: 'scopes', message: 'scopes must not be empty' },
            ),
          }
        : { body: { type: 'list', data: [] } };
    });
    const user = userEvent.setup();
    render(withQueries(<Tokens />));
    expect(await screen.findByText('No tokens yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    expect(await screen.findByText('name must not be blank')).toBeInTheDocument();
    expect(screen.getByLabelText('Token name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Token name')).toHaveAccessibleDescription(/name must not be blank/);
    expect(screen.getByText('scopes must not be empty')).toBeInTheDocument();
    expect(screen.queryByLabelText('New token (shown once)')).not.toBeInTheDocument();
  });

  it('revokes a token after confirmation', async () => {
    let revokedAt: string | null = null;
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/tokens') {
        return { body: { type: 'list', data: [{ ...ci, revoked_at: revokedAt }] } };
      }
      if (call.path === '/api/definitions/tokens/t1' && call.method === 'DELETE') {
        revokedAt = '2026-11-21T11:00:00Z';
        return { body: { ...ci, revoked_at: revokedAt } };
      }
      return undefined;
    });
    const user = userEvent.setup();
    render(withQueries(<Tokens />));
    await user.click(await screen.findByRole('button', { name: 'Revoke CI bridge' }));
    expect(api.to('/api/definitions/tokens/t1', 'DELETE')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'No' }));
    expect(api.to('/api/definitions/tokens/t1', 'DELETE')).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Revoke CI bridge' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Revoke CI bridge' }));
    await user.click(screen.getByRole('button', { name: 'Yes, revoke' }));
    await waitFor(() => expect(rowOf('CI bridge')).toHaveTextContent('revoked'));
    expect(api.to('/api/definitions/tokens/t1', 'DELETE')).toHaveLength(1);
    expect(within(rowOf('CI bridge')).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Tokens' })).toHaveFocus();
  });

  it('offers the agent scope and shows how an AI agent connects, with a copy button', async () => {
    mockFetch((call) => (call.path === '/api/definitions/tokens' ? { body: { type: 'list', data: [ci] } } : undefined));
    const user = userEvent.setup();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(withQueries(<Tokens />));
    await screen.findByRole('cell', { name: 'CI bridge' });

    expect(screen.getByLabelText('agent')).toHaveAccessibleDescription(
      "call the live actions admins made available to AI agents, as tools of the workspace's MCP server (tools/list, tools/call); nothing else",
    );
    const mcp = screen.getByRole('region', { name: 'AI agents (MCP)' });
    const endpoint = `${window.location.origin}/mcp`;
    expect(within(mcp).getByLabelText('MCP endpoint (Streamable HTTP)')).toHaveValue(endpoint);
    expect(mcp).toHaveTextContent(/the live actions whose “Available to AI agents” switch is on/);
    const configuration = within(mcp).getByLabelText('MCP client configuration') as HTMLTextAreaElement;
    expect(JSON.parse(configuration.value)).toEqual({
      mcpServers: {
        'custom-actions': {
          type: 'http',
          url: endpoint,
          headers: { Authorization: 'Bearer <a token with the agent scope>' },
        },
      },
    });

    await user.click(within(mcp).getByRole('button', { name: 'Copy configuration' }));
    expect(writeText).toHaveBeenCalledWith(configuration.value);
    expect(await within(mcp).findByText('Copied to the clipboard.')).toBeInTheDocument();
  });

  it("puts a new agent token's secret into the MCP configuration while it is shown", async () => {
    const agentToken = {
      type: 'token',
      id: 't3',
      name: 'Claude',
      scopes: ['agent'],
      created_at: '2026-11-21T10:00:00Z',
    };
    const api = mockFetch((call) => {
      if (call.path !== '/api/definitions/tokens') {
        return undefined;
      }
      return call.method === 'POST'
        ? { status: 201, body: { ...agentToken, token: SECRET } }
        : { body: { type: 'list', data: [ci] } };
    });
    const user = userEvent.setup();
    render(withQueries(<Tokens />));
    await screen.findByRole('cell', { name: 'CI bridge' });
    await user.type(screen.getByLabelText('Token name'), 'Claude');
    await user.click(screen.getByLabelText('agent'));
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    await screen.findByLabelText('New token (shown once)');
    expect(api.to('/api/definitions/tokens', 'POST')[0].body).toEqual({ name: 'Claude', scopes: ['agent'] });
    const configuration = () =>
      JSON.parse((screen.getByLabelText('MCP client configuration') as HTMLTextAreaElement).value);
    expect(configuration().mcpServers['custom-actions'].headers.Authorization).toBe(`Bearer ${SECRET}`);
    expect(screen.getByText(/MCP client configuration below carries it/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /Done/ }));
    expect(configuration().mcpServers['custom-actions'].headers.Authorization).toBe(
      'Bearer <a token with the agent scope>',
    );
    expect(screen.queryByDisplayValue(new RegExp(SECRET))).not.toBeInTheDocument();
  });
});
