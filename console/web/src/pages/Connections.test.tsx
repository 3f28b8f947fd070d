import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { errorList, mockFetch, withQueries } from '../components/fetchMock';
import { Connections } from './Connections';

const shop = {
  type: 'connection',
  id: 'c1',
  name: 'Shop',
  auth_type: 'bearer',
  allowed_hosts: ['shop.example.com'],
  version: 1,
  token: '****',
  used_by: [{ id: 'a1', name: 'Get order', state: 'live', in_draft: true, in_live_version: true }],
};
const spare = {
  type: 'connection',
  id: 'c2',
  name: 'Spare',
  auth_type: 'bearer',
  allowed_hosts: ['spare.example.com'],
  version: 1,
  token: '****',
  used_by: [],
};

function renderPage() {
  return render(
    withQueries(
      <MemoryRouter>
        <Connections />
      </MemoryRouter>,
    ),
  );
}

function rowOf(name: string): HTMLElement {
  return screen.getByRole('cell', { name: new RegExp(`^${name}`) }).closest('tr')!;
}

describe('Connections', () => {
  it('says which actions use each connection, with links', async () => {
    mockFetch((call) =>
      call.path === '/api/definitions/connections' ? { body: { type: 'list', data: [shop, spare] } } : undefined,
    );
    renderPage();
    await screen.findByRole('cell', { name: /^Shop/ });
    expect(within(rowOf('Shop')).getByRole('link', { name: 'Get order' })).toHaveAttribute('href', '/actions/a1');
    expect(rowOf('Shop')).toHaveTextContent('(live)');
    expect(rowOf('Spare')).toHaveTextContent('No action');
  });

  it('refuses to delete a connection in use once, in words and links, without the raw API lines', async () => {
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/connections') {
        return { body: { type: 'list', data: [shop, spare] } };
      }
      if (call.path === '/api/definitions/connections/c1' && call.method === 'DELETE') {
        return {
          status: 409,
          body: errorList({
            code: 'conflict',
            field: 'actions[0]',
            message:
              "Connection 'Shop' can't be deleted: live action 'Get order' uses it; give the action another connection or delete it first",
          }),
        };
      }
      return call.path === '/api/definitions/connections/c1' ? { body: shop } : undefined;
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete Shop' }));

    const refusal = await screen.findByRole('alert');
    expect(refusal).toHaveTextContent(`"Shop" can't be deleted: these actions use it.`);
    expect(within(refusal).getByRole('link', { name: 'Get order' })).toHaveAttribute('href', '/actions/a1');
    expect(screen.queryByText(/actions\[0\]/)).not.toBeInTheDocument();
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(api.to('/api/definitions/connections/c1', 'DELETE')).toHaveLength(1);
  });

  it('deletes a connection nothing uses', async () => {
    let deleted = false;
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/connections/c2' && call.method === 'DELETE') {
        deleted = true;
        return { status: 204 };
      }
      return call.path === '/api/definitions/connections'
        ? { body: { type: 'list', data: deleted ? [shop] : [shop, spare] } }
        : undefined;
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete Spare' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Connection "Spare" deleted.');
    expect(api.to('/api/definitions/connections/c2', 'DELETE')).toHaveLength(1);
    expect(screen.queryByRole('cell', { name: /^Spare/ })).not.toBeInTheDocument();
  });

  it('clears a description emptied on edit, and saves once however often Save is clicked', async () => {
    const described = { ...spare, description: 'Spare shop' };
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/connections' && call.method === 'GET') {
        return { body: { type: 'list', data: [described] } };
      }
      if (call.path === '/api/definitions/connections/c2' && call.method === 'PUT') {
        return { body: { ...spare, version: 2 } };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit Spare' }));
    const description = screen.getByLabelText('Description');
    expect(description).toHaveValue('Spare shop');
    await user.clear(description);
    await user.dblClick(screen.getByRole('button', { name: 'Save connection' }));
    expect(await screen.findByText('Connection "Spare" saved.')).toBeInTheDocument();
    const puts = api.to('/api/definitions/connections/c2', 'PUT');
    expect(puts).toHaveLength(1);
    expect((puts[0].body as { description: unknown }).description).toBe('');
  });
});
