import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { errorList, mockFetch, withQueries } from '../components/fetchMock';
import { firesWhen, Triggers } from './Triggers';

const orderId = { name: 'order_id', type: 'string', required: true };
/** Live at version 1 with one input; its draft has a second. */
const getOrder = {
  id: 'a1',
  name: 'Get order',
  state: 'live',
  live_version: 1,
  updated_at: '2026-12-08T09:00:00Z',
  data_inputs: [orderId, { name: 'email', type: 'string', required: true }],
};
const liveVersion = { version: 1, name: 'Get order', published_at: '2026-12-07T09:00:00Z', data_inputs: [orderId] };
const given = {
  id: 't1',
  name: 'Order number given',
  action_id: 'a1',
  event_kinds: ['attribute_collected'],
  condition: { type: 'attribute_id_equals', value: 'order_number' },
  input_bindings: {},
  enabled: true,
};

function platform(answer: (call: Parameters<Parameters<typeof mockFetch>[0]>[0]) => unknown = () => undefined) {
  return mockFetch((call) => {
    const special = answer(call);
    if (special) {
      return special;
    }
    if (call.path === '/api/definitions/triggers' && call.method === 'GET') {
      return { body: { type: 'list', data: [given] } };
    }
    if (call.path === '/api/definitions/triggers' && call.method === 'POST') {
      return { status: 201, body: { ...given, id: 't2' } };
    }
    if (call.path === '/api/definitions/actions') {
      return { body: { type: 'list', data: [getOrder] } };
    }
    if (call.path === '/api/definitions/actions/a1/versions') {
      return { body: { type: 'list', data: [liveVersion] } };
    }
    if (call.path === '/api/objects/data_attributes') {
      return {
        body: {
          type: 'list',
          data:
            call.query.get('model') === 'conversation'
              ? [{ name: 'order_number' }, { name: 'order_status' }]
              : [{ name: 'plan' }],
        },
      };
    }
    return undefined;
  });
}

function renderPage(url = '/triggers') {
  render(
    withQueries(
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/triggers" element={<Triggers />} />
          <Route path="/triggers/:id" element={<Triggers />} />
        </Routes>
      </MemoryRouter>,
    ),
  );
}

describe('Triggers', () => {
  it('says in words what fires each trigger', async () => {
    platform();
    renderPage();
    expect(
      await screen.findByText('When an attribute is collected and the attribute is order_number'),
    ).toBeInTheDocument();
    expect(
      firesWhen({
        event_kinds: ['new_message', 'new_conversation'],
        condition: { type: 'body_contains', value: 'order' },
      }),
    ).toBe('When a message arrives or a conversation starts and the message contains "order"');
    expect(firesWhen({ event_kinds: ['new_conversation'], condition: null })).toBe('When a conversation starts');
  });

  it('offers the data model for a condition, and warns on save when the value matches nothing', async () => {
    platform();
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'New trigger' }));
    await user.type(screen.getByLabelText('Trigger name'), 'Typo');
    await user.selectOptions(screen.getByLabelText('Action', { exact: true }), 'a1');
    await user.click(screen.getByLabelText('Attribute collected'));
    await user.selectOptions(screen.getByLabelText('Condition', { exact: true }), 'attribute_id_equals');
    const value = screen.getByLabelText('Condition value');
    const offered = [...document.querySelectorAll(`#${value.getAttribute('list')} option`)].map(
      (o) => (o as HTMLOptionElement).value,
    );
    expect(offered).toEqual(['order_number', 'order_status', 'plan']);

    await user.type(value, 'order_numbr');
    await user.click(screen.getByRole('button', { name: 'Save trigger' }));
    expect(await screen.findByText(/No attribute is named "order_numbr" in the data model/)).toBeInTheDocument();
  });

  it('binds the inputs of the live version, keeps a binding it does not offer, and saves once', async () => {
    const bound = { ...given, input_bindings: { order_id: '{{event.attribute.value}}', note: 'kept' } };
    const api = platform((call) => {
      if (call.path === '/api/definitions/triggers' && call.method === 'GET') {
        return { body: { type: 'list', data: [bound] } };
      }
      if (call.path === '/api/definitions/triggers/t1' && call.method === 'PUT') {
        return { body: bound };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderPage('/triggers/t1');
    expect(await screen.findByRole('group', { name: 'Inputs of Get order (its live version 1)' })).toBeInTheDocument();
    expect(screen.getByLabelText('Binding of order_id')).toHaveValue('{{event.attribute.value}}');
    expect(screen.queryByLabelText('Binding of email')).not.toBeInTheDocument();

    const save = screen.getByRole('button', { name: 'Save trigger' });
    await user.dblClick(save);
    expect(await screen.findByText('Trigger "Order number given" saved: it is live.')).toBeInTheDocument();
    const puts = api.to('/api/definitions/triggers/t1', 'PUT');
    expect(puts).toHaveLength(1);
    expect((puts[0].body as { input_bindings: unknown }).input_bindings).toEqual({
      note: 'kept',
      order_id: '{{event.attribute.value}}',
    });
  });

  it('says beside "Enabled" why a trigger on a draft action was refused', async () => {
    platform((call) => {
      if (call.path === '/api/definitions/triggers' && call.method === 'POST') {
        return {
          status: 409,
          body: errorList({
            code: 'conflict',
            field: 'enabled',
            message: "Action 'Get order' is a draft: publish it before enabling a trigger on it",
          }),
        };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'New trigger' }));
    await user.type(screen.getByLabelText('Trigger name'), 'Early');
    await user.selectOptions(screen.getByLabelText('Action', { exact: true }), 'a1');
    await user.click(screen.getByLabelText('New message'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save trigger' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Save trigger' }));
    expect(await screen.findByText(/publish it before enabling a trigger on it/)).toBeVisible();
  });

  it('closes the form of the trigger it deletes', async () => {
    const api = platform((call) => {
      if (call.path === '/api/definitions/triggers/t1' && call.method === 'DELETE') {
        return { status: 204 };
      }
      return undefined;
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const user = userEvent.setup();
    renderPage('/triggers/t1');
    expect(await screen.findByRole('heading', { name: 'Edit Order number given' })).toBeInTheDocument();
    const row = screen.getByRole('link', { name: 'Order number given' }).closest('tr')!;
    await user.click(within(row).getByRole('button', { name: 'Delete Order number given' }));
    await waitFor(() => expect(api.to('/api/definitions/triggers/t1', 'DELETE')).toHaveLength(1));
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: 'Edit Order number given' })).not.toBeInTheDocument(),
    );
  });
});
