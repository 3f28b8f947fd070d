import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { mockFetch, withQueries } from '../components/fetchMock';
import { firesWhen, Triggers } from './Triggers';

const getOrder = { id: 'a1', name: 'Get order', state: 'live', data_inputs: [] };
const given = {
  id: 't1',
  name: 'Order number given',
  action_id: 'a1',
  event_kinds: ['attribute_collected'],
  condition: { type: 'attribute_id_equals', value: 'order_number' },
  input_bindings: {},
  enabled: true,
};

function platform() {
  return mockFetch((call) => {
    if (call.path === '/api/definitions/triggers' && call.method === 'GET') {
      return { body: { type: 'list', data: [given] } };
    }
    if (call.path === '/api/definitions/triggers' && call.method === 'POST') {
      return { status: 201, body: { ...given, id: 't2' } };
    }
    if (call.path === '/api/definitions/actions') {
      return { body: { type: 'list', data: [getOrder] } };
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

function renderPage() {
  render(
    withQueries(
      <MemoryRouter initialEntries={['/triggers']}>
        <Routes>
          <Route path="/triggers" element={<Triggers />} />
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
});
