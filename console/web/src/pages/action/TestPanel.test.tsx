import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch } from '../../components/fetchMock';
import type { Action } from '../../types';
import { EMPTY_DRAFT } from './draft';
import { TestPanel } from './TestPanel';

describe('TestPanel', () => {
  it('says why a local destination was refused and how a developer allows one', async () => {
    mockFetch((call) =>
      call.path === '/api/definitions/actions/a1/test'
        ? {
            body: {
              run_id: 'r1',
              status: 'failure',
              http_status: null,
              duration_ms: 3,
              error: {
                type: 'blocked_destination',
                message:
                  'The destination localhost resolves to 127.0.0.1, a private, loopback, link-local or reserved address',
              },
            },
          }
        : undefined,
    );
    const action = { id: 'a1', name: 'Local' } as Action;
    const user = userEvent.setup();
    render(
      <TestPanel
        action={action}
        draft={EMPTY_DRAFT}
        dirty={false}
        save={async () => action}
        onPick={() => undefined}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Make API call' }));

    expect(await screen.findByText(/resolves to 127.0.0.1/)).toBeInTheDocument();
    const hint = screen.getByRole('note', { name: 'Trying an action against a local server' });
    expect(hint).toHaveTextContent('CUSTOMACTIONS_EXECUTOR_ALLOWED_DESTINATIONS=127.0.0.1/32');
    expect(hint).toHaveTextContent('CUSTOMACTIONS_EXECUTOR_TRUST_STORE');
  });

  it('makes a field of the response an output once, however often it is clicked', async () => {
    mockFetch((call) =>
      call.path === '/api/definitions/actions/a1/test'
        ? {
            body: {
              run_id: 'r2',
              status: 'success',
              http_status: 200,
              duration_ms: 12,
              response: { status: 200, headers: {}, body: '{"order": {"id": 1001}}' },
            },
          }
        : undefined,
    );
    const action = { id: 'a1', name: 'Get order' } as Action;
    const onPick = vi.fn();
    const picked = { ...EMPTY_DRAFT, response_fields: [] as typeof EMPTY_DRAFT.response_fields };
    const user = userEvent.setup();
    const { rerender } = render(
      <TestPanel action={action} draft={picked} dirty={false} save={async () => action} onPick={onPick} />,
    );
    await user.click(screen.getByRole('button', { name: 'Make API call' }));
    await user.click(await screen.findByRole('button', { name: '1001: use $.order.id as an output' }));
    expect(onPick).toHaveBeenCalledTimes(1);
    const field = onPick.mock.calls[0][0];
    expect(field).toMatchObject({ path: '$.order.id', type: 'integer' });

    rerender(
      <TestPanel
        action={action}
        draft={{ ...picked, response_fields: [field] }}
        dirty={false}
        save={async () => action}
        onPick={onPick}
      />,
    );
    await user.click(screen.getByRole('button', { name: '1001: use $.order.id as an output' }));
    expect(onPick).toHaveBeenCalledTimes(1);
  });
});
