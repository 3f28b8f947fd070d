import { describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { errorList, mockFetch, withQueries, type FetchCall } from '../components/fetchMock';
import { RunDetail, Runs } from './Runs';

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function renderAt(url: string) {
  return render(
    withQueries(
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route
            path="/runs"
            element={
              <>
                <Runs />
                <LocationProbe />
              </>
            }
          />
          <Route
            path="/runs/:id"
            element={
              <>
                <RunDetail />
                <LocationProbe />
              </>
            }
          />
        </Routes>
      </MemoryRouter>,
    ),
  );
}

const actions = {
  type: 'list',
  data: [
    { id: 'a1', name: 'Get order', state: 'live' },
    { id: 'a2', name: 'Refund', state: 'live' },
  ],
};

function run(id: string, overrides: Record<string, unknown> = {}) {
  return {
    type: 'run',
    run_id: id,
    mode: 'live',
    action_id: 'a1',
    action_version: 3,
    action_name: 'Get order',
    conversation_id: 'conv-1',
    contact_id: 'contact-1',
    status: 'failure',
    error: { type: 'http_error', message: 'The API answered 500' },
    http_status: 500,
    duration_ms: 183,
    outputs: {},
    writes: [],
    started_at: '2026-11-21T10:15:30.200Z',
    finished_at: '2026-11-21T10:15:30.383Z',
    ...overrides,
  };
}

function page(runs: unknown[], next: string | null = null) {
  return {
    type: 'list',
    data: runs,
    pages: { type: 'pages', per_page: 50, next: next ? { starting_after: next } : null },
  };
}

function lastRunsCall(calls: FetchCall[]): FetchCall {
  const runsCalls = calls.filter((c) => c.path === '/api/executor/runs');
  expect(runsCalls.length).toBeGreaterThan(0);
  return runsCalls[runsCalls.length - 1];
}

describe('Runs', () => {
  it('asks for the filters of the URL and shows each run', async () => {
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/actions') {
        return { body: actions };
      }
      if (call.path === '/api/executor/runs') {
        return { body: page([run('r1')]) };
      }
      return undefined;
    });
    renderAt('/runs?status=failure&action_id=a1');

    const row = (await screen.findByRole('link', { name: 'Details' })).closest('tr')!;
    expect(row).toHaveTextContent('Get order');
    expect(row).toHaveTextContent('failure');
    expect(row).toHaveTextContent('http_error');
    expect(row).toHaveTextContent('conv-1');
    expect(row).toHaveTextContent('183 ms');
    expect(within(row).getByRole('link', { name: 'Details' })).toHaveAttribute('href', '/runs/r1');

    const query = lastRunsCall(api.calls).query;
    expect(query.get('status')).toBe('failure');
    expect(query.get('action_id')).toBe('a1');
    expect(query.get('per_page')).toBe('50');
    expect(query.has('starting_after')).toBe(false);
    expect(screen.getByLabelText('Status')).toHaveValue('failure');
    await waitFor(() => expect(screen.getByLabelText('Action')).toHaveValue('a1'));
  });

  it('puts the chosen filters in the URL and in the request, times as instants', async () => {
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/actions') {
        return { body: actions };
      }
      if (call.path === '/api/executor/runs') {
        return { body: page([]) };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/runs');
    expect(await screen.findByText('No runs yet.')).toBeInTheDocument();
    await screen.findByRole('option', { name: 'Refund' });

    await user.selectOptions(screen.getByLabelText('Action'), 'Refund');
    await user.selectOptions(screen.getByLabelText('Status'), 'failure');
    await user.type(screen.getByLabelText('Error type'), 'timeout');
    await user.type(screen.getByLabelText('Conversation id'), 'conv-9');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-21T10:15' } });
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    const from = new Date('2026-11-21T10:15').toISOString();
    await waitFor(() => expect(lastRunsCall(api.calls).query.get('status')).toBe('failure'));
    const query = lastRunsCall(api.calls).query;
    expect(query.get('action_id')).toBe('a2');
    expect(query.get('error_type')).toBe('timeout');
    expect(query.get('conversation_id')).toBe('conv-9');
    expect(query.get('from')).toBe(from);
    expect(query.has('to')).toBe(false);

    const shared = new URLSearchParams(screen.getByTestId('location').textContent!.split('?')[1]);
    expect(shared.get('status')).toBe('failure');
    expect(shared.get('from')).toBe(from);
    expect(await screen.findByText('No runs match these filters.')).toBeInTheDocument();
    expect(screen.getByLabelText('From')).toHaveValue('2026-11-21T10:15');
  });

  it('pages with the cursor the API gives, keeping the filters', async () => {
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/actions') {
        return { body: actions };
      }
      if (call.path === '/api/executor/runs') {
        return call.query.get('starting_after') === 'cursor-1'
          ? { body: page([run('r2', { action_name: 'Older run' })]) }
          : { body: page([run('r1', { action_name: 'Newer run' })], 'cursor-1') };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/runs?status=failure');
    await screen.findByRole('cell', { name: 'Newer run' });
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByRole('cell', { name: 'Older run' });
    expect(lastRunsCall(api.calls).query.get('starting_after')).toBe('cursor-1');
    expect(lastRunsCall(api.calls).query.get('status')).toBe('failure');
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    // The first page again, from the cache: the same filters, no cursor.
    const calls = api.calls.length;
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await screen.findByRole('cell', { name: 'Newer run' });
    const shown = new URLSearchParams(screen.getByTestId('location').textContent!.split('?')[1]);
    expect(shown.has('starting_after')).toBe(false);
    expect(shown.get('status')).toBe('failure');
    expect(api.calls.length).toBe(calls);
  });

  it("shows the API's error next to the filter it names", async () => {
    mockFetch((call) => {
      if (call.path === '/api/definitions/actions') {
        return { body: actions };
      }
      if (call.path === '/api/executor/runs') {
        return {
          status: 400,
          body: errorList({
            code: 'parameter_invalid',
            field: 'from',
            message: 'from is an ISO-8601 instant such as 2026-11-21T10:15:30Z',
          }),
        };
      }
      return undefined;
    });
    renderAt('/runs?from=yesterday');
    expect(await screen.findByText(/from is an ISO-8601 instant/)).toBeInTheDocument();
    expect(screen.getByLabelText('From')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('RunDetail', () => {
  const detailed = run('r1', {
    outputs: { order_status: 'shipped' },
    writes: [{ target: 'custom_object', type: 'Order', external_id: '1001', attributes: { status: 'shipped' } }],
    detail: {
      inputs: { order_id: '1001' },
      request: {
        method: 'GET',
        url: 'https://shop.example/orders/1001.json?key=***',
        headers: { Authorization: '***' },
      },
      response: { status: 500, headers: {}, body: '{"error":{"reason":"overloaded"}}', body_truncated: false },
      attempts: 2,
    },
  });

  it('shows the result and the logged request and response', async () => {
    mockFetch((call) => (call.path === '/api/executor/runs/r1' ? { body: detailed } : undefined));
    renderAt('/runs/r1');

    expect(await screen.findByText('The API answered 500')).toBeInTheDocument();
    expect(screen.getByText('GET https://shop.example/orders/1001.json?key=***')).toBeInTheDocument();
    const response = screen.getByRole('tree', { name: 'Response body' });
    expect(response).toHaveTextContent('reason');
    expect(response).toHaveTextContent('"overloaded"');
    expect(screen.getByRole('tree', { name: 'Outputs' })).toHaveTextContent('shipped');
    expect(screen.getByRole('link', { name: '1001' })).toHaveAttribute(
      'href',
      '/records?kind=instance&type=Order&external_id=1001',
    );
  });

  it('tells a run that found nothing from a success and a failure', async () => {
    mockFetch((call) => {
      if (call.path === '/api/definitions/actions') {
        return { body: actions };
      }
      if (call.path === '/api/executor/runs') {
        return {
          body: page([run('r1'), run('r2', { status: 'success', found: false, http_status: 404, error: null })]),
        };
      }
      if (call.path === '/api/executor/runs/r2') {
        return { body: run('r2', { status: 'success', found: false, http_status: 404, error: null, detail: {} }) };
      }
      return undefined;
    });
    renderAt('/runs');
    const rows = await screen.findAllByRole('link', { name: 'Details' });
    expect(rows[1].closest('tr')).toHaveTextContent('not found');
    expect(rows[0].closest('tr')).not.toHaveTextContent('not found');
    cleanup();
    renderAt('/runs/r2');
    expect(await screen.findByText('Succeeded, nothing found (the API answered 404)')).toBeInTheDocument();
  });

  it('names the trigger, the connection, the conversation and the contact, not only their ids', async () => {
    mockFetch((call) => {
      if (call.path === '/api/executor/runs/r2') {
        return {
          body: run('r2', {
            trigger_id: 't1',
            about: {
              trigger_name: 'Order number given',
              connection_name: 'Shop',
              conversation_external_id: 'conv_67890',
              contact_external_id: 'user_001',
            },
            detail: {},
          }),
        };
      }
      return call.path === '/api/executor/runs'
        ? { body: page([run('r1', { about: { conversation_external_id: 'conv_67890' } })]) }
        : call.path === '/api/definitions/actions'
          ? { body: actions }
          : undefined;
    });
    renderAt('/runs/r2');
    expect(await screen.findByRole('link', { name: 'Order number given' })).toHaveAttribute('href', '/triggers/t1');
    expect(screen.getByText('Shop')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'conv_67890' })).toHaveAttribute(
      'href',
      '/records?kind=conversation&id=conv-1',
    );
    expect(screen.getByRole('link', { name: 'user_001' })).toHaveAttribute(
      'href',
      '/records?kind=contact&id=contact-1',
    );
    cleanup();

    renderAt('/runs');
    expect(await screen.findByRole('link', { name: 'conv_67890' })).toHaveAttribute(
      'title',
      'Open the conversation conv-1',
    );
  });

  it('says so when there is no such run', async () => {
    mockFetch((call) =>
      call.path === '/api/executor/runs/gone'
        ? { status: 404, body: errorList({ code: 'not_found', message: 'run not found' }) }
        : undefined,
    );
    renderAt('/runs/gone');
    expect(await screen.findByText(/No such run/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('links back to the log as it was filtered', async () => {
    mockFetch((call) => {
      if (call.path === '/api/definitions/actions') {
        return { body: actions };
      }
      if (call.path === '/api/executor/runs') {
        return { body: page([run('r1')]) };
      }
      if (call.path === '/api/executor/runs/r1') {
        return { body: detailed };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/runs?status=failure&conversation_id=conv-1');
    await user.click(await screen.findByRole('link', { name: 'Details' }));
    expect(await screen.findByText('The API answered 500')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Back to the run log/ })).toHaveAttribute(
      'href',
      '/runs?status=failure&conversation_id=conv-1',
    );
  });

  it("tells an AI agent's run, who asked for it, and the re-runs either way", async () => {
    mockFetch((call) => {
      if (call.path === '/api/definitions/actions') {
        return { body: actions };
      }
      if (call.path === '/api/executor/runs') {
        return { body: page([run('r1', { mode: 'agent' }), run('r0')]) };
      }
      if (call.path === '/api/executor/runs/r1') {
        return {
          body: run('r1', {
            mode: 'agent',
            about: { requested_by: 'tok_agent', rerun_of: 'r0' },
            reruns: ['r2', 'r3'],
            detail: {},
          }),
        };
      }
      return undefined;
    });
    renderAt('/runs');
    const rows = await screen.findAllByRole('link', { name: 'Details' });
    const agentMode = within(rows[0].closest('tr')!).getByText('agent');
    expect(agentMode).toHaveClass('tag');
    expect(within(rows[1].closest('tr')!).queryByText('agent')).not.toBeInTheDocument();
    cleanup();

    renderAt('/runs/r1');
    const facts = await screen.findByRole('table', { name: 'Run' });
    const fact = (name: string) => within(facts).getByRole('rowheader', { name }).closest('tr')!;
    expect(within(fact('Mode')).getByText('agent')).toHaveClass('tag');
    expect(fact('Requested by')).toHaveTextContent('token tok_agent');
    expect(within(fact('Re-run of')).getByRole('link', { name: 'r0' })).toHaveAttribute('href', '/runs/r0');
    expect(within(fact('Re-runs')).getByRole('link', { name: 'r2' })).toHaveAttribute('href', '/runs/r2');
    expect(within(fact('Re-runs')).getByRole('link', { name: 'r3' })).toHaveAttribute('href', '/runs/r3');
  });

  it('re-runs a failed run and shows the new run', async () => {
    let rerun = false;
    const api = mockFetch((call) => {
      if (call.path === '/api/executor/runs/r1' && call.method === 'GET') {
        return { body: run('r1', { detail: {}, reruns: rerun ? ['r9'] : [] }) };
      }
      if (call.path === '/api/executor/runs/r1/rerun' && call.method === 'POST') {
        rerun = true;
        return {
          status: 201,
          body: run('r9', {
            status: 'success',
            error: null,
            http_status: 200,
            about: { rerun_of: 'r1', requested_by: 'tok_admin' },
            reruns: [],
            detail: {},
          }),
        };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/runs/r1');
    const button = await screen.findByRole('button', { name: 'Re-run' });
    expect(button).toHaveAccessibleDescription(
      /current live version with the same inputs and context: the call is real/,
    );
    await user.click(button);

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/r9'));
    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'r1' })).toHaveAttribute('href', '/runs/r1');
    expect(screen.getByRole('rowheader', { name: 'Requested by' }).closest('tr')).toHaveTextContent('token tok_admin');
    expect(screen.queryByRole('button', { name: 'Re-run' })).not.toBeInTheDocument();
    expect(api.to('/api/executor/runs/r1/rerun', 'POST')).toHaveLength(1);
    expect(api.to('/api/executor/runs/r1/rerun', 'POST')[0].body).toBeUndefined();
    expect(api.to('/api/executor/runs/r9')).toHaveLength(0);

    // Back on the first run, its re-run is listed (read again).
    await user.click(screen.getByRole('link', { name: 'r1' }));
    expect(await screen.findByRole('link', { name: 'r9' })).toHaveAttribute('href', '/runs/r9');
  });

  it('says beside the button why a run was not re-run', async () => {
    let answer = {
      status: 409,
      body: errorList({
        code: 'conflict',
        field: 'action_id',
        message: "The run's action is no longer live; publish it to re-run",
      }),
    };
    mockFetch((call) => {
      if (call.path === '/api/executor/runs/r1') {
        return { body: run('r1', { detail: {} }) };
      }
      if (call.path === '/api/executor/runs/r1/rerun') {
        return answer;
      }
      if (call.path === '/api/executor/runs/r2') {
        return { body: run('r2', { status: 'success', error: null, detail: {} }) };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/runs/r1');
    await user.click(await screen.findByRole('button', { name: 'Re-run' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "The run's action is no longer live; publish it to re-run",
    );
    expect(screen.getByRole('button', { name: 'Re-run' })).toHaveAccessibleDescription(/no longer live/);
    expect(screen.getByTestId('location')).toHaveTextContent('/runs/r1');

    answer = {
      status: 504,
      body: errorList({
        code: 'executor_timeout',
        message: 'The re-run is still going on; it will appear in the run log',
      }),
    };
    await user.click(screen.getByRole('button', { name: 'Re-run' }));
    expect(await screen.findByText('The re-run is still going on; it will appear in the run log')).toBeInTheDocument();
    expect(screen.queryByText(/no longer live/)).not.toBeInTheDocument();
    cleanup();

    // A run that succeeded is not re-run.
    renderAt('/runs/r2');
    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Re-run' })).not.toBeInTheDocument();
  });
});
