import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { errorList, mockFetch, withQueries } from '../components/fetchMock';
import { ActionsList } from './ActionsList';

const action = (id: string, name: string, state: 'live' | 'draft', url: string, description: string | null = null) => ({
  type: 'action',
  id,
  name,
  state,
  live_version: state === 'live' ? 2 : null,
  description,
  http_method: 'get',
  url,
  created_at: '2026-11-21T10:00:00Z',
  updated_at: '2026-11-21T10:15:30Z',
});

function renderList() {
  return render(
    withQueries(
      <MemoryRouter>
        <ActionsList />
      </MemoryRouter>,
    ),
  );
}

describe('ActionsList', () => {
  it('lists the actions with their state and request, and narrows them by text and state', async () => {
    mockFetch((call) =>
      call.path === '/api/definitions/actions'
        ? {
            body: {
              type: 'list',
              data: [
                action('a1', 'Get order', 'live', 'https://shop.test/orders/{{order_id}}', 'Fetch a Shopify order'),
                action('a2', 'Refund', 'draft', 'https://pay.test/refunds'),
              ],
            },
          }
        : undefined,
    );
    const user = userEvent.setup();
    renderList();

    const getOrder = (await screen.findByRole('link', { name: 'Get order' })).closest('tr')!;
    expect(within(getOrder).getByRole('link', { name: 'Get order' })).toHaveAttribute('href', '/actions/a1');
    expect(getOrder).toHaveTextContent('live · v2');
    expect(getOrder).toHaveTextContent('GET https://shop.test/orders/{{order_id}}');
    expect(getOrder).toHaveTextContent('Fetch a Shopify order');

    await user.type(screen.getByLabelText('Search actions'), 'shopify');
    expect(screen.getByRole('link', { name: 'Get order' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Refund' })).not.toBeInTheDocument();

    await user.clear(screen.getByLabelText('Search actions'));
    await user.selectOptions(screen.getByLabelText('State'), 'Draft');
    expect(screen.getByRole('link', { name: 'Refund' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Get order' })).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Search actions'), 'nothing like it');
    expect(screen.getByText('No action matches.')).toBeInTheDocument();
  });

  it("shows the API's error when the list can't be read", async () => {
    mockFetch((call) =>
      call.path === '/api/definitions/actions'
        ? { status: 503, body: errorList({ code: 'service_unavailable', message: 'The database is not reachable' }) }
        : undefined,
    );
    renderList();
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is not reachable');
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
  });
});
