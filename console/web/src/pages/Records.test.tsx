import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, MemoryRouter, Route, Routes } from 'react-router-dom';
import { errorList, mockFetch, withQueries, type FetchCall, type MockAnswer } from '../components/fetchMock';
import { Records } from './Records';

const contact = {
  type: 'contact',
  id: 'contact-1',
  external_id: 'u1',
  role: 'user',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  custom_attributes: { plan: 'pro', seats: 12 },
  custom_object_instances: {
    type: 'list',
    data: [{ type: 'Order', id: 'inst-1', external_id: '1001' }],
    total_count: 1,
    has_more: false,
  },
  created_at: 1763719200,
  updated_at: 1763719300,
};

const order = {
  type: 'Order',
  id: 'inst-1',
  external_id: '1001',
  external_created_at: null,
  external_updated_at: null,
  created_at: 1763719200,
  updated_at: 1763719300,
  custom_attributes: { status: 'shipped', total_price: 52.5 },
  references: [
    { type: 'contact', id: 'contact-1' },
    { type: 'conversation', id: 'conv-1' },
  ],
};

const rejection = {
  type: 'write_rejection',
  id: 7,
  source: 'action_result',
  source_id: 'run-9',
  conversation_id: 'conv-1',
  contact_id: null,
  action_id: 'a1',
  reason: 'protected_attribute',
  errors: [
    {
      reason: 'protected_attribute',
      field: 'writes[0].attributes.user_shopify_id',
      message: 'user_shopify_id is protected: only admins set it',
    },
  ],
  rejected_at: 1763719400,
};

/** Contacts as listed: Ada on the first page, a second page after it; the query narrows to Ada. */
function contactPage(call: FetchCall) {
  const grace = { ...contact, id: 'contact-2', external_id: 'u2', name: 'Grace Hopper', email: 'grace@example.com' };
  if (call.query.get('query') === 'ada') {
    return { type: 'list', data: [contact], total_count: 1, pages: { type: 'pages', per_page: 25, next: null } };
  }
  return call.query.get('starting_after') === 'c1'
    ? { type: 'list', data: [grace], total_count: 2, pages: { type: 'pages', per_page: 25, next: null } }
    : {
        type: 'list',
        data: [contact],
        total_count: 2,
        pages: { type: 'pages', per_page: 25, next: { per_page: 25, starting_after: 'c1' } },
      };
}

/** The platform of these tests; {@code overrides} answer first. */
function platform(overrides: (call: FetchCall) => MockAnswer | undefined = () => undefined) {
  return mockFetch(
    (call) =>
      overrides(call) ??
      (() => {
        switch (call.path) {
          case '/api/definitions/actions':
            return { body: { type: 'list', data: [{ id: 'a1', name: 'Get order' }] } };
          case '/api/objects/custom_object_types':
            return {
              body: {
                type: 'list',
                data: [{ type: 'custom_object_type', identifier: 'Order', name: 'Order', archived: false }],
              },
            };
          case '/api/objects/write_rejections':
            return {
              body: { type: 'list', data: [], total_count: 0, pages: { type: 'pages', per_page: 50, next: null } },
            };
          case '/api/objects/contacts':
            if (call.query.get('external_id') === 'u1') {
              return { body: contact };
            }
            return call.query.has('external_id') ? undefined : { body: contactPage(call) };
          case '/api/objects/contacts/contact-1/runs':
            return {
              body: {
                type: 'list',
                data: [{ type: 'run_write', run_id: 'run-9', action_id: 'a1', written_at: 1763719300 }],
                total_count: 1,
                pages: { type: 'pages', per_page: 10, next: null },
              },
            };
          case '/api/objects/custom_object_instances/Order/inst-1/runs':
            return {
              body: { type: 'list', data: [], total_count: 0, pages: { type: 'pages', per_page: 10, next: null } },
            };
          case '/api/objects/contacts/contact-1':
            return { body: contact };
          case '/api/objects/custom_object_instances/Order/inst-1':
            return { body: order };
          default:
            return undefined;
        }
      })(),
  );
}

function renderAt(url: string) {
  return render(
    withQueries(
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/records" element={<Records />} />
        </Routes>
      </MemoryRouter>,
    ),
  );
}

describe('Records', () => {
  it('lists contacts, searches them and opens one with what references it and the runs that wrote it', async () => {
    const api = platform();
    const user = userEvent.setup();
    renderAt('/records');
    const list = await screen.findByRole('table', { name: 'Contacts' });
    expect(within(list).getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute(
      'href',
      '/records?kind=contact&id=contact-1',
    );
    expect(screen.getByText('2 records.')).toBeInTheDocument();
    expect(api.to('/api/objects/contacts')[0].query.get('order')).toBe('desc');

    await user.click(
      within(screen.getByRole('navigation', { name: 'Contacts pages' })).getByRole('button', { name: 'Next page' }),
    );
    expect(await screen.findByRole('link', { name: 'Grace Hopper' })).toBeInTheDocument();
    expect(api.to('/api/objects/contacts').at(-1)!.query.get('starting_after')).toBe('c1');

    await user.type(screen.getByLabelText('Search'), 'ada');
    await user.selectOptions(screen.getByLabelText('Sort'), 'Least recently updated first');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(api.to('/api/objects/contacts').at(-1)!.query.get('query')).toBe('ada'));
    const query = api.to('/api/objects/contacts').at(-1)!.query;
    expect(query.get('order')).toBe('asc');
    expect(query.has('starting_after')).toBe(false);
    expect(await screen.findByText('1 record.')).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Ada Lovelace' }));
    expect(await screen.findByRole('heading', { name: 'Contact Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Contact' })).toHaveTextContent('ada@example.com');
    const attributes = screen.getByRole('table', { name: 'Custom attributes' });
    expect(within(attributes).getByRole('cell', { name: 'plan' }).closest('tr')).toHaveTextContent('pro');
    expect(within(attributes).getByRole('cell', { name: 'seats' }).closest('tr')).toHaveTextContent('12');
    const runs = await screen.findByRole('table', { name: 'Runs that wrote it' });
    expect(within(runs).getByRole('link', { name: 'run-9' })).toHaveAttribute('href', '/runs/run-9');
    expect(within(runs).getByRole('link', { name: 'Get order' })).toHaveAttribute('href', '/actions/a1');

    await user.click(screen.getByRole('link', { name: 'Order 1001' }));
    expect(await screen.findByRole('heading', { name: 'Order 1001' })).toBeInTheDocument();
    expect(api.to('/api/objects/custom_object_instances/Order/inst-1')).toHaveLength(1);
    expect(screen.getByRole('table', { name: 'Custom attributes' })).toHaveTextContent('shipped');
    const back = screen.getByRole('link', { name: 'contact contact-1' });
    expect(back).toHaveAttribute('href', '/records?kind=contact&id=contact-1');
    expect(screen.getByRole('link', { name: 'conversation conv-1' })).toHaveAttribute(
      'href',
      '/records?kind=conversation&id=conv-1',
    );

    await user.click(back);
    expect(await screen.findByRole('heading', { name: 'Contact Ada Lovelace' })).toBeInTheDocument();
    expect(api.to('/api/objects/contacts/contact-1')).toHaveLength(1);
  });

  it('leaves nothing of its own on screen when the admin moves to another page', async () => {
    platform();
    const user = userEvent.setup();
    render(
      withQueries(
        <MemoryRouter initialEntries={['/records']}>
          <nav>
            <Link to="/records">Records</Link> <Link to="/elsewhere">Elsewhere</Link>
          </nav>
          <Routes>
            <Route path="/records" element={<Records />} />
            <Route path="/elsewhere" element={<h1>Elsewhere</h1>} />
          </Routes>
        </MemoryRouter>,
      ),
    );
    for (let visit = 0; visit < 2; visit++) {
      expect(await screen.findAllByRole('search', { name: 'Search contacts' })).toHaveLength(1);
      await user.click(await screen.findByRole('link', { name: 'Ada Lovelace' }));
      await user.click(await screen.findByRole('link', { name: 'Order 1001' }));
      expect(await screen.findByRole('heading', { name: 'Order 1001' })).toBeInTheDocument();
      expect(screen.queryAllByRole('search')).toHaveLength(0);

      await user.click(screen.getByRole('link', { name: 'Elsewhere' }));
      expect(await screen.findByRole('heading', { name: 'Elsewhere' })).toBeInTheDocument();
      expect(screen.queryAllByRole('search')).toHaveLength(0);
      expect(screen.queryByRole('heading', { name: 'Order 1001' })).not.toBeInTheDocument();
      await user.click(screen.getByRole('link', { name: 'Records' }));
    }
  });

  it("lists a custom object type's instances from its tab", async () => {
    const api = platform((call) =>
      call.path === '/api/objects/custom_object_instances/Order'
        ? { body: { type: 'list', data: [order], total_count: 1, pages: { type: 'pages', per_page: 25, next: null } } }
        : undefined,
    );
    const user = userEvent.setup();
    renderAt('/records');
    await user.click(await screen.findByRole('link', { name: 'Order' }));
    const list = await screen.findByRole('table', { name: 'Order instances' });
    expect(within(list).getByRole('row', { name: /1001/ })).toHaveTextContent('status: shipped, total_price: 52.5');
    expect(screen.getByRole('link', { name: 'Order' })).toHaveAttribute('aria-current', 'page');
    await user.type(screen.getByLabelText('Search'), '100');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(api.to('/api/objects/custom_object_instances/Order').at(-1)!.query.get('query')).toBe('100'),
    );

    await user.click(
      within(await screen.findByRole('table', { name: 'Order instances' })).getByRole('link', { name: '1001' }),
    );
    expect(await screen.findByRole('heading', { name: 'Order 1001' })).toBeInTheDocument();
    expect(await screen.findByText(/No run wrote it/)).toBeInTheDocument();
  });

  it('says "Not found" for an unknown record, not an error', async () => {
    const api = platform((call) =>
      call.path === '/api/objects/conversations'
        ? { status: 404, body: errorList({ code: 'not_found', message: 'Conversation not found' }) }
        : undefined,
    );
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
      return {
        body: { type: 'list', data: [rejection], total_count: 51, pages: { type: 'pages', per_page: 50, next } },
      };
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
    await waitFor(() =>
      expect(api.to('/api/objects/write_rejections').at(-1)!.query.get('source')).toBe('action_result'),
    );
    let query = api.to('/api/objects/write_rejections').at(-1)!.query;
    expect(query.get('reason')).toBe('protected_attribute');
    expect(query.get('action_id')).toBe('a1');
    expect(query.has('conversation_id')).toBe(false);

    const rejectionPages = await screen.findByRole('navigation', { name: 'Write rejection pages' });
    await user.click(within(rejectionPages).getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(api.to('/api/objects/write_rejections').at(-1)!.query.get('starting_after')).toBe('7'));
    query = api.to('/api/objects/write_rejections').at(-1)!.query;
    expect(query.get('source')).toBe('action_result');
    expect(await within(rejectionPages).findByText('Page 2')).toBeInTheDocument();
  });
});
