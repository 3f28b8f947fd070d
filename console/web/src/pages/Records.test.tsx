import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, MemoryRouter, Route, Routes } from 'react-router-dom';
import { errorList, mockFetch, type FetchCall, type MockAnswer } from '../components/fetchMock';
import { Records } from './Records';

const contact = {
  type: 'contact', id: 'contact-1', external_id: 'u1', role: 'user', name: 'Ada Lovelace', email: 'ada@example.com',
  custom_attributes: { plan: 'pro', seats: 12 },
  custom_object_instances: { type: 'list', data: [{ type: 'Order', id: 'inst-1', external_id: '1001' }], total_count: 1, has_more: false },
  created_at: 1763719200, updated_at: 1763719300,
};

const order = {
  type: 'Order', id: 'inst-1', external_id: '1001', external_created_at: null, external_updated_at: null,
  created_at: 1763719200, updated_at: 1763719300, custom_attributes: { status: 'shipped', total_price: 52.5 },
  references: [{ type: 'contact', id: 'contact-1' }, { type: 'conversation', id: 'conv-1' }],
};

const rejection = {
  type: 'write_rejection', id: 7, source: 'action_result', source_id: 'run-9', conversation_id: 'conv-1', contact_id: null,
  action_id: 'a1', reason: 'protected_attribute',
  errors: [{ reason: 'protected_attribute', field: 'writes[0].attributes.user_shopify_id',
    message: 'user_shopify_id is protected: only admins set it' }],
  rejected_at: 1763719400,
};

/** The platform of these tests; {@code overrides} answer first. */
function platform(overrides: (call: FetchCall) => MockAnswer | undefined = () => undefined) {
  return mockFetch((call) => overrides(call) ?? (() => {
    switch (call.path) {
      case '/api/definitions/actions':
        return { body: { type: 'list', data: [{ id: 'a1', name: 'Get order' }] } };
      case '/api/objects/custom_object_types':
        return { body: { type: 'list', data: [{ type: 'custom_object_type', identifier: 'Order', name: 'Order', archived: false }] } };
      case '/api/objects/write_rejections':
        return { body: { type: 'list', data: [], total_count: 0, pages: { type: 'pages', per_page: 50, next: null } } };
      case '/api/objects/contacts':
        return call.query.get('external_id') === 'u1' ? { body: contact } : undefined;
      case '/api/objects/contacts/contact-1':
        return { body: contact };
      case '/api/objects/custom_object_instances/Order/inst-1':
        return { body: order };
      default:
        return undefined;
    }
  })());
}

function renderAt(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Routes><Route path="/records" element={<Records />} /></Routes>
    </MemoryRouter>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Records', () => {
  it('finds a contact by external id and opens what references it', async () => {
    const api = platform();
    const user = userEvent.setup();
    renderAt('/records');
    await user.type(screen.getByLabelText('External id'), 'u1');
    await user.click(screen.getByRole('button', { name: 'Find' }));

    expect(await screen.findByRole('heading', { name: 'Contact Ada Lovelace' })).toBeInTheDocument();
    expect(api.to('/api/objects/contacts')[0].query.get('external_id')).toBe('u1');
    expect(screen.getByRole('table', { name: 'Contact' })).toHaveTextContent('ada@example.com');
    const attributes = screen.getByRole('table', { name: 'Custom attributes' });
    expect(within(attributes).getByRole('cell', { name: 'plan' }).closest('tr')).toHaveTextContent('pro');
    expect(within(attributes).getByRole('cell', { name: 'seats' }).closest('tr')).toHaveTextContent('12');

    await user.click(screen.getByRole('link', { name: 'Order 1001' }));
    expect(await screen.findByRole('heading', { name: 'Order 1001' })).toBeInTheDocument();
    expect(api.to('/api/objects/custom_object_instances/Order/inst-1')).toHaveLength(1);
    expect(screen.getByRole('table', { name: 'Custom attributes' })).toHaveTextContent('shipped');
    const back = screen.getByRole('link', { name: 'contact contact-1' });
    expect(back).toHaveAttribute('href', '/records?kind=contact&id=contact-1');
    expect(screen.getByRole('link', { name: 'conversation conv-1' })).toHaveAttribute('href', '/records?kind=conversation&id=conv-1');

    await user.click(back);
    expect(await screen.findByRole('heading', { name: 'Contact Ada Lovelace' })).toBeInTheDocument();
    expect(api.to('/api/objects/contacts/contact-1')).toHaveLength(1);
  });

  it('leaves nothing of its own on screen when the admin moves to another page', async () => {
    platform();
    const user = userEvent.setup();
    render(
      <MemoryRouter initialEntries={['/records']}>
        <nav><Link to="/records">Records</Link> <Link to="/elsewhere">Elsewhere</Link></nav>
        <Routes>
          <Route path="/records" element={<Records />} />
          <Route path="/elsewhere" element={<h1>Elsewhere</h1>} />
        </Routes>
      </MemoryRouter>,
    );
    for (let visit = 0; visit < 2; visit++) {
      await user.type(screen.getByLabelText('External id'), 'u1');
      await user.click(screen.getByRole('button', { name: 'Find' }));
      await user.click(await screen.findByRole('link', { name: 'Order 1001' }));
      expect(await screen.findByRole('heading', { name: 'Order 1001' })).toBeInTheDocument();
      expect(screen.getAllByRole('form', { name: 'Find a record' })).toHaveLength(1);

      await user.click(screen.getByRole('link', { name: 'Elsewhere' }));
      expect(await screen.findByRole('heading', { name: 'Elsewhere' })).toBeInTheDocument();
      expect(screen.queryAllByRole('form', { name: 'Find a record' })).toHaveLength(0);
      expect(screen.queryByRole('heading', { name: 'Order 1001' })).not.toBeInTheDocument();
      await user.click(screen.getByRole('link', { name: 'Records' }));
      expect(await screen.findAllByRole('form', { name: 'Find a record' })).toHaveLength(1);
    }
  });

  it('finds a custom object instance by type and external id', async () => {
    const api = platform((call) => (call.path === '/api/objects/custom_object_instances/Order'
      && call.query.get('external_id') === '1001' ? { body: order } : undefined));
    const user = userEvent.setup();
    renderAt('/records');
    await user.selectOptions(screen.getByLabelText('Record'), 'Custom object instance');
    await screen.findByRole('option', { name: 'Order (Order)' });
    await user.selectOptions(screen.getByLabelText('Object type'), 'Order');
    await user.type(screen.getByLabelText('External id'), '1001');
    await user.click(screen.getByRole('button', { name: 'Find' }));

    expect(await screen.findByRole('heading', { name: 'Order 1001' })).toBeInTheDocument();
    expect(api.to('/api/objects/custom_object_instances/Order')).toHaveLength(1);
  });

  it('says "Not found" for an unknown record, not an error', async () => {
    const api = platform((call) => (call.path === '/api/objects/conversations'
      ? { status: 404, body: errorList({ code: 'not_found', message: 'Conversation not found' }) } : undefined));
    renderAt('/records?kind=conversation&external_id=nope');
    expect(await screen.findByText('Not found:')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('no conversation with external id “nope”');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(api.to('/api/objects/conversations')[0].query.get('external_id')).toBe('nope');
  });

  it('lists write rejections, filtered and paged as asked', async () => {
    const api = platform((call) => {
      if (call.path !== '/api/objects/write_rejections') {
        return undefined;
      }
      const next = call.query.has('starting_after') ? null : { per_page: 50, starting_after: '7' };
      return { body: { type: 'list', data: [rejection], total_count: 51, pages: { type: 'pages', per_page: 50, next } } };
    });
    const user = userEvent.setup();
    renderAt('/records');

    const table = await screen.findByRole('table', { name: 'Write rejections' });
    expect(table).toHaveTextContent('protected_attribute');
    expect(table).toHaveTextContent('writes[0].attributes.user_shopify_id');
    expect(table).toHaveTextContent('user_shopify_id is protected');
    await waitFor(() => expect(table).toHaveTextContent('Get order'));
    expect(within(table).getByRole('link', { name: 'run-9' })).toHaveAttribute('href', '/runs/run-9');
    expect(screen.getByText('51 refused writes, oldest first.')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Source'), 'Action results');
    await user.type(screen.getByLabelText('Reason'), 'protected_attribute');
    await user.selectOptions(screen.getByLabelText('Action'), 'Get order');
    await user.click(screen.getByRole('button', { name: 'Filter rejections' }));
    await waitFor(() => expect(api.to('/api/objects/write_rejections').at(-1)!.query.get('source')).toBe('action_result'));
    let query = api.to('/api/objects/write_rejections').at(-1)!.query;
    expect(query.get('reason')).toBe('protected_attribute');
    expect(query.get('action_id')).toBe('a1');
    expect(query.has('conversation_id')).toBe(false);

    await user.click(await screen.findByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(api.to('/api/objects/write_rejections').at(-1)!.query.get('starting_after')).toBe('7'));
    query = api.to('/api/objects/write_rejections').at(-1)!.query;
    expect(query.get('source')).toBe('action_result');
    expect(await screen.findByText('Page 2')).toBeInTheDocument();
  });
});
