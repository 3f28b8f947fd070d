import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { errorList, mockFetch, withQueries, type FetchCall } from '../components/fetchMock';
import { Quotas } from './Quotas';

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
            path="/quotas"
            element={
              <>
                <Quotas />
                <LocationProbe />
              </>
            }
          />
        </Routes>
      </MemoryRouter>,
    ),
  );
}

const LIST = '/api/definitions/quotas';
const CURRENT = '/api/definitions/tokens/current';
const ACME = '7d1f6a52-0c1e-4f49-9a57-3f0f2b6f1a01';
const GLOBEX = '0b6c2d3e-52a4-4b7e-8a43-8d2e5c7f9b02';
const operator = { type: 'token_scopes', workspace_id: 'ws-ops', scopes: ['operator'] };
const admin = { type: 'token_scopes', workspace_id: ACME, scopes: ['admin', 'agent'] };

function quota(workspace_id: string, workspace_name: string, overrides: Record<string, unknown> = {}) {
  return {
    type: 'quota',
    workspace_id,
    workspace_name,
    requests_per_minute: 1200,
    configured_requests_per_minute: 1200,
    overridden: false,
    ...overrides,
  };
}

const acmeOwn = quota(ACME, 'Acme', {
  requests_per_minute: 250000,
  overridden: true,
  updated_at: '2026-12-07T13:00:00Z',
  updated_by: 'tok_ops_1',
});
const globex = quota(GLOBEX, 'Globex');

function page(quotas: unknown[], total = quotas.length, next: string | null = null) {
  return {
    type: 'list',
    data: quotas,
    total_count: total,
    pages: { type: 'pages', per_page: 25, next: next ? { starting_after: next } : null },
  };
}

function lastListCall(calls: FetchCall[]): FetchCall {
  const listCalls = calls.filter((c) => c.path === LIST && c.method === 'GET');
  expect(listCalls.length).toBeGreaterThan(0);
  return listCalls[listCalls.length - 1];
}

/** The table row of a workspace, by its name. */
async function rowOf(name: string): Promise<HTMLElement> {
  const header = await screen.findByRole('rowheader', { name: new RegExp(`^${name}`) });
  return header.closest('tr')!;
}

describe('Quotas', () => {
  it("lists each workspace's limit, and the name filter goes into the URL and the request", async () => {
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: operator };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([acmeOwn, globex], 31, GLOBEX) };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/quotas');

    const acme = await rowOf('Acme');
    expect(acme).toHaveTextContent(ACME);
    expect(acme).toHaveTextContent('250,000');
    expect(within(acme).getByText('own limit')).toHaveClass('tag');
    expect(acme).toHaveTextContent('Default: 1,200');
    expect(within(acme).getByText('tok_ops_1')).toBeInTheDocument();
    expect(acme.querySelector('time')).toHaveAttribute('datetime', '2026-12-07T13:00:00.000Z');
    const other = await rowOf('Globex');
    expect(other).toHaveTextContent('1,200');
    expect(within(other).getByText('default')).toBeInTheDocument();
    expect(within(other).queryByText('own limit')).not.toBeInTheDocument();
    expect(other.querySelector('time')).toBeNull();
    expect(screen.getByText('31 workspaces.')).toBeInTheDocument();
    expect(screen.getByText(/10-second windows that each admit a sixth/)).toBeInTheDocument();
    expect(screen.getByText('X-RateLimit-Remaining')).toBeInTheDocument();
    expect(lastListCall(api.calls).query.has('name')).toBe(false);

    await user.type(await screen.findByLabelText('Workspace name contains'), 'acm');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(lastListCall(api.calls).query.get('name')).toBe('acm'));
    expect(screen.getByTestId('location')).toHaveTextContent('/quotas?name=acm');
    expect(await screen.findByText('31 workspaces whose name contains “acm”.')).toBeInTheDocument();

    // The next page keeps the filter.
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastListCall(api.calls).query.get('starting_after')).toBe(GLOBEX));
    expect(lastListCall(api.calls).query.get('name')).toBe('acm');
  });

  it('asks for the name of the URL and says when no workspace matches', async () => {
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: operator };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([]) };
      }
      return undefined;
    });
    renderAt('/quotas?name=Initech&per_page=50');
    expect(await screen.findByText("No workspace's name contains “Initech”.")).toBeInTheDocument();
    const query = lastListCall(api.calls).query;
    expect(query.get('name')).toBe('Initech');
    expect(query.get('per_page')).toBe('50');
    expect(await screen.findByLabelText('Workspace name contains')).toHaveValue('Initech');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('sets a limit of its own after refusing an empty or fractional value, then reads the list again', async () => {
    let acme: Record<string, unknown> = quota(ACME, 'Acme');
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: operator };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([acme, globex]) };
      }
      if (call.path === `${LIST}/${ACME}` && call.method === 'PUT') {
        const { requests_per_minute } = call.body as { requests_per_minute: number };
        acme = quota(ACME, 'Acme', {
          requests_per_minute,
          overridden: true,
          updated_at: '2026-12-08T09:30:00Z',
          updated_by: 'tok_ops_1',
        });
        return { body: acme };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/quotas');
    const form = await screen.findByRole('form', { name: 'Limit of Acme' });
    const field = within(form).getByRole('textbox', { name: 'Requests per minute for Acme' });
    expect(field).toHaveValue('1200');

    await user.clear(field);
    await user.click(within(form).getByRole('button', { name: 'Set limit' }));
    expect(within(form).getByText(/Enter the requests per minute: a whole number from 6 to 100,000,000/)).toBeVisible();
    expect(field).toHaveAttribute('aria-invalid', 'true');

    await user.type(field, '12.5');
    await user.click(within(form).getByRole('button', { name: 'Set limit' }));
    expect(within(form).getByText(/must be a whole number, in digits only .*“12.5” is not one/)).toBeVisible();
    expect(api.to(`${LIST}/${ACME}`, 'PUT')).toHaveLength(0);

    await user.clear(field);
    await user.type(field, ' 5000 ');
    const listed = api.to(LIST).length;
    await user.click(within(form).getByRole('button', { name: 'Set limit' }));

    expect(await screen.findByText('Acme now has a limit of its own: 5,000 requests a minute.')).toBeInTheDocument();
    expect(api.to(`${LIST}/${ACME}`, 'PUT')).toHaveLength(1);
    expect(api.to(`${LIST}/${ACME}`, 'PUT')[0].body).toEqual({ requests_per_minute: 5000 });
    await waitFor(() => expect(api.to(LIST).length).toBeGreaterThan(listed));
    const row = await rowOf('Acme');
    await waitFor(() => expect(within(row).getByText('own limit')).toBeInTheDocument());
    expect(row).toHaveTextContent('5,000');
    expect(within(row).getByText('tok_ops_1')).toBeInTheDocument();
    expect(field).not.toHaveAttribute('aria-invalid');
    expect(within(form).getByRole('button', { name: 'Use the default for Acme…' })).toBeInTheDocument();
  });

  it('follows a limit changed elsewhere when the list is read again, but keeps a limit being typed', async () => {
    const initech = '5a0e7c21-9d3b-4f6a-b1c8-2e4d6f8a0c03';
    let acme: Record<string, unknown> = quota(ACME, 'Acme');
    let globexNow: Record<string, unknown> = globex;
    mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: operator };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([acme, globexNow, quota(initech, 'Initech')]) };
      }
      if (call.path === `${LIST}/${GLOBEX}` && call.method === 'PUT') {
        // Meanwhile another operator gave Acme a limit of its own.
        acme = quota(ACME, 'Acme', { requests_per_minute: 3000, overridden: true });
        globexNow = quota(GLOBEX, 'Globex', { requests_per_minute: 5000, overridden: true });
        return { body: globexNow };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/quotas');
    const fieldOf = async (name: string) =>
      within(await screen.findByRole('form', { name: `Limit of ${name}` })).getByRole('textbox', {
        name: `Requests per minute for ${name}`,
      });
    const initechField = await fieldOf('Initech');
    await user.clear(initechField);
    await user.type(initechField, '777');
    const globexField = await fieldOf('Globex');
    await user.clear(globexField);
    await user.type(globexField, '5000');
    await user.click(
      within(screen.getByRole('form', { name: 'Limit of Globex' })).getByRole('button', { name: 'Set limit' }),
    );

    expect(await screen.findByText('Globex now has a limit of its own: 5,000 requests a minute.')).toBeVisible();
    const acmeRow = await rowOf('Acme');
    await waitFor(() => expect(within(acmeRow).getByText('own limit')).toBeInTheDocument());
    expect(await fieldOf('Acme')).toHaveValue('3000');
    expect(globexField).toHaveValue('5000');
    expect(initechField).toHaveValue('777');
  });

  it("shows the API's error beside the field it names", async () => {
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: operator };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([acmeOwn, globex]) };
      }
      if (call.path === `${LIST}/${GLOBEX}` && call.method === 'PUT') {
        return {
          status: 400,
          body: errorList({ code: 'parameter_invalid', field: 'requests_per_minute', message: 'must be at least 6' }),
        };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/quotas');
    const form = await screen.findByRole('form', { name: 'Limit of Globex' });
    const field = within(form).getByRole('textbox', { name: 'Requests per minute for Globex' });
    await user.clear(field);
    await user.type(field, '3');
    await user.click(within(form).getByRole('button', { name: 'Set limit' }));

    expect(await within(form).findByText('must be at least 6')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(api.to(`${LIST}/${GLOBEX}`, 'PUT')[0].body).toEqual({ requests_per_minute: 3 });
    // The other workspace's form is untouched, and nothing else is said.
    expect(screen.getByRole('textbox', { name: 'Requests per minute for Acme' })).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Some fields need attention (see below).')).not.toBeInTheDocument();
    expect(screen.queryByText(/now has a limit of its own/)).not.toBeInTheDocument();
  });

  it('puts a workspace back on the default after a confirmation, and a cancelled one sends nothing', async () => {
    let acme: Record<string, unknown> = acmeOwn;
    const api = mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: operator };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([acme, globex]) };
      }
      if (call.path === `${LIST}/${ACME}` && call.method === 'DELETE') {
        acme = quota(ACME, 'Acme');
        return { body: acme };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/quotas');
    // Only a workspace with a limit of its own can go back to the default.
    await rowOf('Globex');
    expect(screen.queryByRole('button', { name: 'Use the default for Globex…' })).not.toBeInTheDocument();

    const reset = await screen.findByRole('button', { name: 'Use the default for Acme…' });
    await user.click(reset);
    let confirm = screen.getByRole('group', { name: 'Confirm the default for Acme' });
    expect(confirm).toHaveTextContent('Put Acme back on the default of 1,200 requests a minute?');
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: 'Confirm the default for Acme' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Use the default for Acme…' })).toHaveFocus();
    expect(api.to(`${LIST}/${ACME}`, 'DELETE')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Use the default for Acme…' }));
    confirm = screen.getByRole('group', { name: 'Confirm the default for Acme' });
    const listed = api.to(LIST).length;
    await user.click(within(confirm).getByRole('button', { name: 'Yes, use the default' }));

    expect(await screen.findByText('Acme is back on the default: 1,200 requests a minute.')).toBeInTheDocument();
    expect(api.to(`${LIST}/${ACME}`, 'DELETE')).toHaveLength(1);
    await waitFor(() => expect(api.to(LIST).length).toBeGreaterThan(listed));
    const row = await rowOf('Acme');
    await waitFor(() => expect(within(row).queryByText('own limit')).not.toBeInTheDocument());
    expect(within(row).getByText('default')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Use the default for Acme…' })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Requests per minute for Acme' })).toHaveValue('1200');
    expect(api.calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it("shows a workspace admin its own workspace's limit, read-only", async () => {
    mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: admin };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([acmeOwn]) };
      }
      return undefined;
    });
    renderAt('/quotas');
    const row = await rowOf('Acme');
    expect(row).toHaveTextContent('250,000');
    expect(within(row).getByText('own limit')).toBeInTheDocument();
    expect(
      await screen.findByText("This is your workspace's limit. Only a platform operator can change it."),
    ).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Set limit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Use the default/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Change' })).not.toBeInTheDocument();
  });

  it('says so when the platform refuses a change to a token without the operator scope', async () => {
    mockFetch((call) => {
      if (call.path === CURRENT) {
        return { body: operator };
      }
      if (call.path === LIST && call.method === 'GET') {
        return { body: page([globex]) };
      }
      if (call.path === `${LIST}/${GLOBEX}` && call.method === 'PUT') {
        return { status: 403 };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/quotas');
    const form = await screen.findByRole('form', { name: 'Limit of Globex' });
    await user.click(within(form).getByRole('button', { name: 'Set limit' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Only a platform operator can change quotas: this token lacks the operator scope.',
    );
  });
});
