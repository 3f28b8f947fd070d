import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { errorList, mockFetch, withQueries } from '../components/fetchMock';
import { ActionEditor } from './ActionEditor';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const list = (data: unknown[]) => ({ body: { type: 'list', data } });

describe('ActionEditor', () => {
  it('publishing a draft the API refuses shows the errors beside their fields, as saving does', async () => {
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/actions' && call.method === 'POST') {
        return {
          status: 400,
          body: errorList(
            { code: 'parameter_invalid', message: 'url must be https://', field: 'url' },
            { code: 'parameter_not_found', message: 'name is required', field: 'name' },
          ),
        };
      }
      if (
        call.method === 'GET' &&
        [
          '/api/definitions/connections',
          '/api/objects/data_attributes',
          '/api/objects/custom_object_types',
          '/api/definitions/triggers',
        ].includes(call.path)
      ) {
        return list([]);
      }
      return undefined;
    });
    const user = userEvent.setup();
    render(
      withQueries(
        <MemoryRouter initialEntries={['/actions/new']}>
          <Routes>
            <Route path="/actions/new" element={<ActionEditor />} />
          </Routes>
        </MemoryRouter>,
      ),
    );
    await user.type(screen.getByLabelText('URL'), 'http://shop.example.com/orders');
    await user.click(screen.getByRole('button', { name: 'Publish' }));

    expect(await screen.findByText('url must be https://')).toBeInTheDocument();
    expect(screen.getByText('name is required')).toBeInTheDocument();
    expect(screen.getByText('Some fields need attention (see below).')).toBeInTheDocument();
    expect(screen.queryByText(/Fix the draft/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls.filter((c) => c.path.endsWith('/publish'))).toHaveLength(0);
  });

  it('makes a live action available to agents, and shows why the API refuses it beside the description', async () => {
    let available = false;
    const action = () => ({
      type: 'action',
      id: 'a1',
      name: 'Get order',
      state: 'live',
      live_version: 1,
      available_to_agents: available,
      description: null,
      http_method: 'get',
      url: 'https://shop.test/orders',
      created_at: '2026-11-21T10:00:00Z',
      updated_at: '2026-11-21T10:00:00Z',
    });
    let refuse = true;
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/actions/a1' && call.method === 'GET') {
        return { body: action() };
      }
      if (call.path === '/api/definitions/actions/a1/agent_access' && call.method === 'PUT') {
        if (refuse) {
          return {
            status: 422,
            body: errorList({
              code: 'parameter_invalid',
              field: 'description',
              message: 'An action available to agents needs a description in its live version',
            }),
          };
        }
        available = (call.body as { available: boolean }).available;
        return { body: action() };
      }
      if (call.method === 'GET' && call.path.startsWith('/api/')) {
        return list([]);
      }
      return undefined;
    });
    const user = userEvent.setup();
    render(
      withQueries(
        <MemoryRouter initialEntries={['/actions/a1']}>
          <Routes>
            <Route path="/actions/:id" element={<ActionEditor />} />
          </Routes>
        </MemoryRouter>,
      ),
    );
    const agents = await screen.findByLabelText('Available to AI agents');
    expect(agents).not.toBeChecked();
    await user.click(agents);
    expect(await screen.findByText(/needs a description in its live version/)).toBeInTheDocument();
    expect(screen.getByLabelText('Description')).toHaveAttribute('aria-invalid', 'true');

    refuse = false;
    await user.click(screen.getByLabelText('Available to AI agents'));
    expect(await screen.findByText(/Available to AI agents: its live version is a tool/)).toBeInTheDocument();
    expect(screen.getByLabelText('Available to AI agents')).toBeChecked();
    expect(api.to('/api/definitions/actions/a1/agent_access', 'PUT').at(-1)!.body).toEqual({ available: true });
  });
});
