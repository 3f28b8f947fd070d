import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { errorList, mockFetch, withQueries, type FetchCall } from '../components/fetchMock';
import { DeadLetterDetail, DeadLetters } from './DeadLetters';

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
            path="/dead-letters"
            element={
              <>
                <DeadLetters />
                <LocationProbe />
              </>
            }
          />
          <Route
            path="/dead-letters/:id"
            element={
              <>
                <DeadLetterDetail />
                <LocationProbe />
              </>
            }
          />
        </Routes>
      </MemoryRouter>,
    ),
  );
}

const LIST = '/api/definitions/dead_letters';
const CURRENT = '/api/definitions/tokens/current';
const admin = { type: 'token_scopes', workspace_id: 'ws-1', scopes: ['admin', 'agent'] };

function deadLetter(id: string, overrides: Record<string, unknown> = {}) {
  return {
    type: 'dead_letter',
    id,
    topic: 'action.results',
    partition: 3,
    offset: 1042,
    key: 'run-1',
    workspace_id: 'ws-1',
    reason: 'Writes rejected: unknown_attribute at writes[0].attributes.tier (the data model has no such attribute)',
    cause: 'The attribute tier is not in the data model of Order',
    exception: 'dev.customactions.objects.result.WriteRejected',
    dead_lettered_at: '2026-12-07T13:00:00Z',
    payload: '{"run_id":"run-1","writes":[{"attributes":{"tier":"gold"}}]}',
    payload_size: 61,
    payload_truncated: false,
    status: 'open',
    history: [],
    ...overrides,
  };
}

function page(deadLetters: unknown[], total = deadLetters.length, next: string | null = null) {
  return {
    type: 'list',
    data: deadLetters,
    total_count: total,
    pages: { type: 'pages', per_page: 25, next: next ? { starting_after: next } : null },
  };
}

function lastListCall(calls: FetchCall[]): FetchCall {
  const listCalls = calls.filter((c) => c.path === LIST && c.method === 'GET');
  expect(listCalls.length).toBeGreaterThan(0);
  return listCalls[listCalls.length - 1];
}

describe('DeadLetters', () => {
  it('asks for the filters of the URL and shows each dead letter and the count', async () => {
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: admin };
      }
      if (call.path === LIST) {
        return {
          body: page(
            [deadLetter('action.results.dlq:3:17'), deadLetter('action.results.dlq:3:16', { workspace_id: null })],
            123,
            'action.results.dlq:3:16',
          ),
        };
      }
      return undefined;
    });
    renderAt('/dead-letters?topic=action.results&reason=tier&status=all');

    const link = (await screen.findAllByRole('link', { name: /Writes rejected: unknown_attribute/ }))[0];
    expect(link).toHaveAttribute('href', '/dead-letters/action.results.dlq%3A3%3A17');
    const row = link.closest('tr')!;
    expect(row).toHaveTextContent('action.results');
    expect(row).toHaveTextContent('ws-1');
    expect(row).toHaveTextContent('open');
    expect(within(row).getByRole('checkbox', { name: 'Select action.results.dlq:3:17' })).not.toBeChecked();
    expect(screen.getAllByRole('row')[2]).toHaveTextContent('none');
    expect(screen.getByText('123 dead letters match these filters.')).toBeInTheDocument();
    expect(screen.getByText("This lists this workspace's dead letters.")).toBeInTheDocument();

    const query = lastListCall(api.calls).query;
    expect(query.get('topic')).toBe('action.results');
    expect(query.get('reason')).toBe('tier');
    expect(query.get('status')).toBe('all');
    expect(query.get('per_page')).toBe('25');
    expect(query.has('starting_after')).toBe(false);
    expect(screen.getByLabelText('Topic')).toHaveValue('action.results');
    expect(screen.getByLabelText('Reason contains')).toHaveValue('tier');
    expect(screen.getByLabelText('Status')).toHaveValue('all');
    // "All matching" acts on open dead letters only: the count shown would not be what it acts on.
    expect(screen.getByRole('button', { name: 'Replay all matching…' })).toBeDisabled();

    // Open is the default: asked for, and left out of the URL.
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Status'), 'open');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(lastListCall(api.calls).query.get('status')).toBe('open'));
    expect(screen.getByTestId('location')).toHaveTextContent('/dead-letters?topic=action.results&reason=tier');

    // The next page, with the same filters.
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastListCall(api.calls).query.get('starting_after')).toBe('action.results.dlq:3:16'));
    expect(lastListCall(api.calls).query.get('topic')).toBe('action.results');
  });

  it('replays the selected dead letters and says what happened', async () => {
    let replayed = false;
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: admin };
      }
      if (call.path === LIST && call.method === 'GET') {
        return {
          body: page([
            deadLetter('dl:0:3', { status: replayed ? 'replayed' : 'open' }),
            deadLetter('dl:0:2', { status: 'replayed' }),
            deadLetter('dl:0:1'),
          ]),
        };
      }
      if (call.path === `${LIST}/replay` && call.method === 'POST') {
        replayed = true;
        return {
          body: {
            type: 'dead_letter_replay',
            replayed: [{ id: 'dl:0:3', topic: 'action.results', partition: 3, offset: 2001 }],
            skipped: [{ id: 'dl:0:2', reason: 'already replayed' }],
          },
        };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/dead-letters');
    const replay = await screen.findByRole('button', { name: 'Replay selected' });
    expect(replay).toBeDisabled();

    await user.click(screen.getByRole('checkbox', { name: 'Select dl:0:2' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select dl:0:3' }));
    expect(screen.getByText('2 dead letters selected')).toBeInTheDocument();
    const listed = api.to(LIST).length;
    await user.click(replay);

    expect(await screen.findByText('Replayed 1; 1 skipped: already replayed')).toBeInTheDocument();
    expect(api.to(`${LIST}/replay`, 'POST')[0].body).toEqual({ ids: ['dl:0:3', 'dl:0:2'] });
    // The list is read again, and the selection is cleared.
    await waitFor(() => expect(api.to(LIST).length).toBeGreaterThan(listed));
    for (const box of screen.getAllByRole('checkbox')) {
      expect(box).not.toBeChecked();
    }
    expect(screen.getByText('0 dead letters selected')).toBeInTheDocument();
  });

  it("shows the API's error beside the reason when a discard has none, then discards", async () => {
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: admin };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([deadLetter('dl:0:2'), deadLetter('dl:0:1')]) };
      }
      if (call.path === `${LIST}/discard` && call.method === 'POST') {
        const body = call.body as { reason?: string };
        return body.reason
          ? { body: { type: 'dead_letter_discard', discarded: ['dl:0:1'], skipped: [] } }
          : {
              status: 400,
              body: errorList({ code: 'parameter_invalid', field: 'reason', message: 'reason is required' }),
            };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/dead-letters');
    await user.click(await screen.findByRole('checkbox', { name: 'Select dl:0:1' }));
    await user.click(screen.getByRole('button', { name: 'Discard selected…' }));
    const form = screen.getByRole('form', { name: 'Discard the selected dead letters' });
    const reason = within(form).getByLabelText('Reason for discarding');
    expect(reason).toHaveFocus();

    await user.click(within(form).getByRole('button', { name: 'Discard 1 dead letter' }));
    expect(await within(form).findByText('reason is required')).toBeInTheDocument();
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(/reason is required/);
    expect(api.to(`${LIST}/discard`, 'POST')[0].body).toEqual({ ids: ['dl:0:1'], reason: '' });

    await user.type(reason, 'A test record, never to be applied');
    await user.click(within(form).getByRole('button', { name: 'Discard 1 dead letter' }));
    expect(await screen.findByText('Discarded 1')).toBeInTheDocument();
    expect(api.to(`${LIST}/discard`, 'POST')[1].body).toEqual({
      ids: ['dl:0:1'],
      reason: 'A test record, never to be applied',
    });
    expect(screen.queryByRole('form', { name: 'Discard the selected dead letters' })).not.toBeInTheDocument();
  });

  it('replays all matching the current filters after a confirmation naming how many', async () => {
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: { type: 'token_scopes', workspace_id: 'ws-1', scopes: ['operator'] } };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([deadLetter('dl:0:1')], 42, 'dl:0:1') };
      }
      if (call.path === `${LIST}/replay` && call.method === 'POST') {
        return {
          body: {
            type: 'dead_letter_replay',
            replayed: Array.from({ length: 40 }, (_, i) => ({
              id: `dl:0:${i}`,
              topic: 'action.results',
              partition: 0,
              offset: i,
            })),
            skipped: [
              { id: 'dl:0:40', reason: 'already replayed' },
              { id: 'dl:0:41', reason: 'discarded' },
            ],
          },
        };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/dead-letters?topic=action.results&reason=tier');
    expect(
      await screen.findByText(
        "With the operator scope, this lists every workspace's dead letters and those that name no workspace.",
      ),
    ).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Replay all matching…' }));

    const confirm = screen.getByRole('group', { name: 'Replay all matching dead letters' });
    expect(confirm).toHaveTextContent(
      'Replay all 42 open dead letters of action.results whose reason contains “tier”?',
    );
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(api.to(`${LIST}/replay`, 'POST')).toHaveLength(0);

    await user.click(within(confirm).getByRole('button', { name: 'Yes, replay 42' }));
    expect(await screen.findByText('Replayed 40; 2 skipped: already replayed (1), discarded (1)')).toBeInTheDocument();
    expect(api.to(`${LIST}/replay`, 'POST')[0].body).toEqual({
      all_matching: { topic: 'action.results', reason: 'tier' },
    });
    expect(screen.queryByRole('group', { name: 'Replay all matching dead letters' })).not.toBeInTheDocument();
  });

  it('discards all matching with a reason, and a cancelled confirmation sends nothing', async () => {
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: admin };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([deadLetter('dl:0:1')], 1) };
      }
      if (call.path === `${LIST}/discard` && call.method === 'POST') {
        return { body: { type: 'dead_letter_discard', discarded: ['dl:0:1'], skipped: [] } };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/dead-letters?topic=auth.tokens');
    await user.click(await screen.findByRole('button', { name: 'Replay all matching…' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: 'Replay all matching dead letters' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Discard all matching…' }));
    const form = screen.getByRole('form', { name: 'Discard all matching dead letters' });
    expect(form).toHaveTextContent('Discard all 1 open dead letter of auth.tokens?');
    await user.type(within(form).getByLabelText('Reason for discarding'), 'Tokens of a deleted workspace');
    await user.click(within(form).getByRole('button', { name: 'Yes, discard 1' }));
    expect(await screen.findByText('Discarded 1')).toBeInTheDocument();
    expect(api.to(`${LIST}/discard`, 'POST')[0].body).toEqual({
      all_matching: { topic: 'auth.tokens' },
      reason: 'Tokens of a deleted workspace',
    });
    expect(api.to(`${LIST}/replay`, 'POST')).toHaveLength(0);
  });
});

describe('DeadLetterDetail', () => {
  const PATH = `${LIST}/action.results.dlq%3A3%3A17`;

  it('shows the facts, the masked payload and the history', async () => {
    mockFetch((call) =>
      call.path === PATH
        ? {
            body: deadLetter('action.results.dlq:3:17', {
              payload: '{"connection":{"api_key":"****"},"writes":[{"attributes":{"tier":"gold"}}]}',
              status: 'replayed',
              history: [
                {
                  action: 'replayed',
                  by: 'tok_admin',
                  at: '2026-12-07T14:00:00Z',
                  reason: null,
                  replayed_to: { topic: 'action.results', partition: 3, offset: 2001 },
                },
                {
                  action: 'discarded',
                  by: 'tok_ops',
                  at: '2026-12-07T15:00:00Z',
                  reason: 'Applied by hand',
                  replayed_to: null,
                },
              ],
            }),
          }
        : undefined,
    );
    renderAt('/dead-letters/action.results.dlq%3A3%3A17');

    const facts = await screen.findByRole('table', { name: 'Dead letter' });
    const fact = (name: string) => within(facts).getByRole('rowheader', { name }).closest('tr')!;
    expect(fact('Topic')).toHaveTextContent('action.results');
    expect(fact('Partition')).toHaveTextContent('3');
    expect(fact('Offset')).toHaveTextContent('1042');
    expect(fact('Key')).toHaveTextContent('run-1');
    expect(fact('Workspace')).toHaveTextContent('ws-1');
    expect(fact('Reason')).toHaveTextContent('Writes rejected: unknown_attribute');
    expect(fact('Cause')).toHaveTextContent('The attribute tier is not in the data model of Order');
    expect(fact('Exception')).toHaveTextContent('dev.customactions.objects.result.WriteRejected');
    expect(fact('Status')).toHaveTextContent('replayed');

    const payload = screen.getByRole('tree', { name: 'Payload' });
    expect(payload).toHaveTextContent('api_key');
    expect(payload).toHaveTextContent('"****"');
    expect(screen.queryByText(/truncated/)).not.toBeInTheDocument();

    const history = screen.getByRole('table', { name: 'History' });
    const rows = within(history).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('replayed');
    expect(rows[1]).toHaveTextContent('token tok_admin');
    expect(rows[1]).toHaveTextContent('action.results partition 3, offset 2001');
    expect(rows[2]).toHaveTextContent('discarded');
    expect(rows[2]).toHaveTextContent('token tok_ops');
    expect(rows[2]).toHaveTextContent('Applied by hand');

    // Only an open dead letter is replayed or discarded here.
    expect(screen.queryByRole('button', { name: 'Replay' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Discard…' })).not.toBeInTheDocument();
  });

  it('shows a truncated payload as text and says how big it was', async () => {
    mockFetch((call) =>
      call.path === `${LIST}/dl%3A0%3A1`
        ? {
            body: deadLetter('dl:0:1', {
              payload: '{"conversation":{"body":"a very long',
              payload_size: 20480,
              payload_truncated: true,
            }),
          }
        : undefined,
    );
    renderAt('/dead-letters/dl%3A0%3A1');
    expect(await screen.findByText(/truncated, 20480 bytes in all/)).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Payload' })).toHaveTextContent('{"conversation":{"body":"a very long');
    expect(screen.getByText('Not replayed or discarded yet.')).toBeInTheDocument();
  });

  it('replays an open dead letter and reads it again', async () => {
    let replayed = false;
    const api = mockFetch((call) => {
      if (call.path === PATH) {
        return {
          body: deadLetter('action.results.dlq:3:17', {
            status: replayed ? 'replayed' : 'open',
            history: replayed
              ? [
                  {
                    action: 'replayed',
                    by: 'tok_admin',
                    at: '2026-12-07T14:00:00Z',
                    reason: null,
                    replayed_to: { topic: 'action.results', partition: 3, offset: 2001 },
                  },
                ]
              : [],
          }),
        };
      }
      if (call.path === `${LIST}/replay` && call.method === 'POST') {
        replayed = true;
        return {
          body: {
            type: 'dead_letter_replay',
            replayed: [{ id: 'action.results.dlq:3:17', topic: 'action.results', partition: 3, offset: 2001 }],
            skipped: [],
          },
        };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/dead-letters/action.results.dlq%3A3%3A17');
    await user.click(await screen.findByRole('button', { name: 'Replay' }));

    expect(await screen.findByText('Replayed 1')).toBeInTheDocument();
    expect(api.to(`${LIST}/replay`, 'POST')[0].body).toEqual({ ids: ['action.results.dlq:3:17'] });
    expect(await screen.findByRole('table', { name: 'History' })).toHaveTextContent('offset 2001');
    expect(screen.queryByRole('button', { name: 'Replay' })).not.toBeInTheDocument();
  });

  it('says so when there is no such dead letter', async () => {
    mockFetch((call) =>
      call.path === `${LIST}/gone`
        ? { status: 404, body: errorList({ code: 'not_found', message: 'dead letter not found' }) }
        : undefined,
    );
    renderAt('/dead-letters/gone');
    expect(await screen.findByText(/No such dead letter/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
