import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { errorList, mockFetch, withQueries } from '../components/fetchMock';
import { DataModel } from './DataModel';

const getOrder = { id: 'a1', name: 'Get order' };
const status = {
  type: 'data_attribute',
  id: 7,
  model: 'conversation',
  name: 'order_status',
  data_type: 'string',
  description: 'From the shop',
  messenger_writable: false,
  archived: false,
  written_by: [getOrder],
};
const plan = {
  type: 'data_attribute',
  id: 8,
  model: 'conversation',
  name: 'plan',
  data_type: 'string',
  messenger_writable: true,
  archived: false,
  written_by: [],
};
const order = {
  type: 'custom_object_type',
  identifier: 'Order',
  name: 'Order',
  archived: false,
  written_by: [getOrder],
  attributes: [
    { name: 'status', data_type: 'string', archived: false, written_by: [getOrder] },
    { name: 'quantity', data_type: 'integer', archived: false, written_by: [] },
  ],
};

const refused = (what: string) => ({
  status: 409,
  body: errorList({
    code: 'conflict',
    field: 'actions[0]',
    message: `${what} can't be archived: live action 'Get order' writes it; change the action's mapping or move it to draft first`,
  }),
});

function platform() {
  return mockFetch((call) => {
    if (call.path === '/api/objects/data_attributes' && call.method === 'GET') {
      return { body: { type: 'list', data: [status, plan] } };
    }
    if (call.path === '/api/objects/data_attributes/7') {
      return refused("Data attribute 'order_status'");
    }
    if (call.path === '/api/objects/custom_object_types' && call.method === 'GET') {
      return { body: { type: 'list', data: [order] } };
    }
    if (call.path === '/api/objects/custom_object_types/Order') {
      return refused("Attribute 'status' of Order");
    }
    return undefined;
  });
}

describe('DataModel', () => {
  it('shows which live actions write each attribute and type, with links', async () => {
    platform();
    render(
      withQueries(
        <MemoryRouter>
          <DataModel />
        </MemoryRouter>,
      ),
    );
    const row = (await screen.findByRole('cell', { name: /^order_status/ })).closest('tr')!;
    expect(within(row).getByRole('link', { name: 'Get order' })).toHaveAttribute('href', '/actions/a1');
    expect(screen.getByRole('cell', { name: /^plan/ }).closest('tr')).toHaveTextContent('No live action');
    const quantity = (await screen.findByRole('cell', { name: /^quantity/ })).closest('tr')!;
    expect(quantity).toHaveTextContent('No live action');
  });

  it('creates an attribute only actions may set, and says so in the list', async () => {
    const api = mockFetch((call) => {
      if (call.path === '/api/objects/data_attributes' && call.method === 'POST') {
        return {
          status: 201,
          body: { ...status, name: 'order_status', messenger_writable: false, action_writable: true },
        };
      }
      if (call.path === '/api/objects/data_attributes') {
        return {
          body: { type: 'list', data: [{ ...status, messenger_writable: false, action_writable: true }, plan] },
        };
      }
      return call.path === '/api/objects/custom_object_types' ? { body: { type: 'list', data: [] } } : undefined;
    });
    const user = userEvent.setup();
    render(
      withQueries(
        <MemoryRouter>
          <DataModel />
        </MemoryRouter>,
      ),
    );
    const row = (await screen.findByRole('cell', { name: /^order_status/ })).closest('tr')!;
    expect(row).toHaveTextContent('Actions and admins');
    expect(row).toHaveTextContent('actions only');
    expect(screen.getByRole('cell', { name: /^plan/ }).closest('tr')).toHaveTextContent(
      'Messenger, actions and admins',
    );

    await user.type(screen.getByLabelText('Attribute name'), 'order_status');
    // Options typed for a string, then another type chosen: the options field goes, and so do they.
    await user.type(screen.getByLabelText('Options (comma-separated, optional)'), 'open, shipped');
    await user.selectOptions(screen.getByLabelText('Data type'), 'integer');
    expect(screen.queryByLabelText('Options (comma-separated, optional)')).not.toBeInTheDocument();
    await user.selectOptions(
      screen.getByLabelText('Who may set it'),
      "Actions and admins only (a customer can't forge it)",
    );
    await user.click(screen.getByRole('button', { name: 'Create attribute' }));
    await screen.findByText(/Attribute "order_status" created/);
    expect(api.to('/api/objects/data_attributes', 'POST')[0].body).toMatchObject({
      name: 'order_status',
      data_type: 'integer',
      messenger_writable: false,
      action_writable: true,
    });
    expect(api.to('/api/objects/data_attributes', 'POST')[0].body).not.toHaveProperty('options');
  });

  it('refuses to archive what a live action writes once, in words and links', async () => {
    const api = platform();
    const user = userEvent.setup();
    render(
      withQueries(
        <MemoryRouter>
          <DataModel />
        </MemoryRouter>,
      ),
    );
    await user.click(await screen.findByRole('button', { name: 'Archive order_status' }));

    const refusal = await screen.findByRole('alert');
    expect(refusal).toHaveTextContent(`"order_status" can't be archived: these live actions write it.`);
    expect(within(refusal).getByRole('link', { name: 'Get order' })).toHaveAttribute('href', '/actions/a1');
    expect(screen.queryByText(/actions\[0\]/)).not.toBeInTheDocument();
    expect(api.to('/api/objects/data_attributes/7', 'PUT')[0].body).toEqual({ archived: true });

    await user.click(screen.getByRole('button', { name: 'Archive Order.status' }));
    const typeRefusal = await screen.findByText(/Order.status can't be archived/);
    expect(
      within(typeRefusal.closest('[role="alert"]') as HTMLElement).getByRole('link', { name: 'Get order' }),
    ).toHaveAttribute('href', '/actions/a1');
    expect(screen.queryByText(/actions\[0\]/)).not.toBeInTheDocument();
  });
});
