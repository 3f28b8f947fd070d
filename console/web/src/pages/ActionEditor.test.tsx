import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { errorList, mockFetch, withQueries } from '../components/fetchMock';
import { apiKey, newQueryClient } from '../query';
import { ActionEditor } from './ActionEditor';

const list = (data: unknown[]) => ({ body: { type: 'list', data } });

describe('ActionEditor', () => {
  it('publishing a draft the API refuses shows the errors beside their fields, as saving does', async () => {
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/actions' && call.method === 'POST') {
        return {
          status: 400,
          body: errorList(
            { code: 'parameter_invalid', message: 'url must be https://', field: 'url' },
            { code: 'parameter_not_found', message: 'name is required', field: 'name' },
          ),
        };
      }
      if (
        call.method === 'GET' &&
        [
          '/api/definitions/connections',
          '/api/objects/data_attributes',
          '/api/objects/custom_object_types',
          '/api/definitions/triggers',
        ].includes(call.path)
      ) {
        return list([]);
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderNew();
    await user.type(screen.getByLabelText('URL'), 'http://shop.example.com/orders');
    await user.click(screen.getByRole('button', { name: 'Publish' }));

    expect(await screen.findByText('url must be https://')).toBeInTheDocument();
    expect(screen.getByText('name is required')).toBeInTheDocument();
    expect(screen.getByText('Some fields need attention (see below).')).toBeInTheDocument();
    expect(screen.queryByText(/Fix the draft/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls.filter((c) => c.path.endsWith('/publish'))).toHaveLength(0);
  });

  it('makes a live action available to agents, and shows why the API refuses it beside the description', async () => {
    let available = false;
    const action = () => ({
      type: 'action',
      id: 'a1',
      name: 'Get order',
      state: 'live',
      live_version: 1,
      available_to_agents: available,
      description: null,
      http_method: 'get',
      url: 'https://shop.test/orders',
      created_at: '2026-11-21T10:00:00Z',
      updated_at: '2026-11-21T10:00:00Z',
    });
    let refuse = true;
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/actions/a1' && call.method === 'GET') {
        return { body: action() };
      }
      if (call.path === '/api/definitions/actions/a1/agent_access' && call.method === 'PUT') {
        if (refuse) {
          return {
            status: 422,
            body: errorList({
              code: 'parameter_invalid',
              field: 'description',
              message: 'An action available to agents needs a description in its live version',
            }),
          };
        }
        available = (call.body as { available: boolean }).available;
        return { body: action() };
      }
      if (call.method === 'GET' && call.path.startsWith('/api/')) {
        return list([]);
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/actions/a1');
    const agents = await screen.findByLabelText('Available to AI agents');
    expect(agents).not.toBeChecked();
    expect(agents).toHaveAccessibleDescription(
      /appears as a tool to the MCP clients connected with a token that has the agent scope/,
    );
    expect(screen.getByRole('link', { name: 'API tokens' })).toHaveAttribute('href', '/tokens');
    await user.click(agents);
    expect(await screen.findByText(/needs a description in its live version/)).toBeInTheDocument();
    expect(screen.getByLabelText('Description')).toHaveAttribute('aria-invalid', 'true');

    refuse = false;
    await user.click(screen.getByLabelText('Available to AI agents'));
    expect(await screen.findByText(/Available to AI agents: its live version is a tool/)).toBeInTheDocument();
    expect(screen.getByLabelText('Available to AI agents')).toBeChecked();
    expect(api.to('/api/definitions/actions/a1/agent_access', 'PUT').at(-1)!.body).toEqual({ available: true });
  });

  it('moving a live action to draft keeps the unsaved edits, and a refused delete stays on the action', async () => {
    let state = 'live';
    const action = () => ({
      type: 'action',
      id: 'a1',
      name: 'Get order',
      state,
      live_version: state === 'live' ? 1 : null,
      available_to_agents: false,
      description: 'Looks an order up',
      http_method: 'get',
      url: 'https://shop.test/orders',
      created_at: '2026-11-21T10:00:00Z',
      updated_at: '2026-11-21T10:00:00Z',
    });
    const trigger = { type: 'trigger', id: 't1', name: 'On order number', action_id: 'a1', enabled: true };
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/actions/a1' && call.method === 'GET') {
        return { body: action() };
      }
      if (call.path === '/api/definitions/actions/a1/draft' && call.method === 'POST') {
        state = 'draft';
        return { body: action() };
      }
      if (call.path === '/api/definitions/actions/a1' && call.method === 'DELETE') {
        return {
          status: 409,
          body: errorList({ code: 'action_in_use', message: 'Live triggers run this action: t1' }),
        };
      }
      if (call.path === '/api/definitions/triggers' && call.method === 'GET') {
        return list([trigger]);
      }
      if (call.method === 'GET' && call.path.startsWith('/api/')) {
        return list([]);
      }
      return undefined;
    });
    const user = userEvent.setup();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    // The actions list, as another page (Triggers, Actions) read it a moment ago: live.
    const client = newQueryClient({ retry: false });
    client.setQueryData(apiKey('definitions', '/actions'), { type: 'list', data: [action()] });
    renderAt('/actions/a1', client);
    const url = await screen.findByLabelText('URL');
    await user.clear(url);
    await user.type(url, 'https://shop.test/v2/orders');
    expect(screen.getByText('unsaved changes')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Move to draft' }));
    expect(await screen.findByText('Moved to draft: it no longer runs.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('draft');
    expect(screen.getByLabelText('URL')).toHaveValue('https://shop.test/v2/orders');
    expect(screen.getByText('unsaved changes')).toBeInTheDocument();
    // The lists read before are read again when next shown: the action is a draft now.
    expect(client.getQueryState(apiKey('definitions', '/actions'))?.isInvalidated).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(confirm).toHaveBeenCalled();
    expect(await screen.findByRole('link', { name: 'On order number' })).toHaveAttribute('href', '/triggers/t1');
    expect(screen.queryByText('The actions list')).not.toBeInTheDocument();
    expect(api.to('/api/definitions/actions/a1', 'DELETE')).toHaveLength(1);
  });

  it('shows no form for an action it could not read, only the error and a way to try again', async () => {
    let down = true;
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/actions/a1' && call.method === 'GET') {
        return down
          ? { status: 503, body: errorList({ code: 'service_unavailable', message: 'The database is unavailable' }) }
          : {
              body: {
                type: 'action',
                id: 'a1',
                name: 'Get order',
                state: 'draft',
                http_method: 'get',
                url: 'https://shop.test/orders',
              },
            };
      }
      if (call.method === 'GET' && call.path.startsWith('/api/')) {
        return list([]);
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/actions/a1');
    expect(await screen.findByText(/The database is unavailable/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save draft' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('URL')).not.toBeInTheDocument();

    down = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: /Get order/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save draft' })).toBeEnabled();
    expect(api.calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
  });
});

/** The editor at {@code url} (an action's, or /actions/new), beside a stand-in for the actions list. */
function renderAt(url: string, client = newQueryClient({ retry: false })) {
  return render(
    withQueries(
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/actions/new" element={<ActionEditor />} />
          <Route path="/actions/:id" element={<ActionEditor />} />
          <Route path="/actions" element={<p>The actions list</p>} />
        </Routes>
      </MemoryRouter>,
      client,
    ),
  );
}

function renderNew() {
  return renderAt('/actions/new');
}

const curlDraft = {
  http_method: 'post',
  url: 'https://shop.test/admin/api/orders/1001/refunds.json',
  query: [{ key: 'notify', value: 'true' }],
  headers: [{ key: 'Accept', value: 'application/json' }],
  body: { amount: 52.5, note: 'Refund' },
  suggested_connection: { auth_type: 'bearer', header_name: 'Authorization' },
  unsupported: ['cookies (-b)'],
};

describe('Import', () => {
  it('reads a cURL command into the request of a new action, says what it left out, and makes values inputs', async () => {
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/action_imports/curl' && call.method === 'POST') {
        return { body: { type: 'action_import', draft: curlDraft } };
      }
      return call.method === 'GET' ? list([]) : undefined;
    });
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    const user = userEvent.setup();
    renderNew();

    expect(screen.getByText('Import from cURL or OpenAPI').closest('details')).not.toHaveAttribute('open');
    await user.click(screen.getByText('Import from cURL or OpenAPI'));
    await user.type(screen.getByLabelText('cURL command'), 'curl -X POST https://shop.test');
    await user.click(screen.getByRole('button', { name: 'Read command' }));

    expect(await screen.findByText('Imported into the draft: review it, then save.')).toBeInTheDocument();
    expect(api.to('/api/definitions/action_imports/curl', 'POST')[0].body).toEqual({
      command: 'curl -X POST https://shop.test',
    });
    expect(confirm).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Method')).toHaveValue('post');
    expect(screen.getByLabelText('URL')).toHaveValue('https://shop.test/admin/api/orders/1001/refunds.json');
    expect(screen.getByLabelText('Query parameter 1 name')).toHaveValue('notify');
    expect(screen.getByLabelText('Query parameter 1 value')).toHaveValue('true');
    expect(screen.getByLabelText('Header 1 name')).toHaveValue('Accept');
    expect(JSON.parse((screen.getByLabelText('Body') as HTMLTextAreaElement).value)).toEqual(curlDraft.body);
    expect(screen.getByText('Not imported:').closest('.banner')).toHaveTextContent('cookies (-b)');
    expect(
      screen.getByText(/The command carried credentials \(bearer\): create a connection on the/),
    ).toHaveTextContent('the secret is not kept in the action');
    expect(screen.getByRole('link', { name: 'Connections page' })).toHaveAttribute('href', '/connections');
    expect(screen.getByText('unsaved changes')).toBeInTheDocument();

    // The query value "true" becomes a required boolean input named after its key.
    await user.click(screen.getByRole('button', { name: 'Make input from query parameter notify' }));
    const name = screen.getByLabelText('Name of the new input');
    expect(name).toHaveValue('notify');
    expect(name).toHaveFocus();
    expect(name).toHaveAccessibleDescription(/a required boolean input/);
    await user.click(screen.getByRole('button', { name: 'Make it an input' }));
    expect(screen.getByLabelText('Query parameter 1 value')).toHaveValue('{{notify}}');
    expect(screen.getByLabelText('Input name')).toHaveValue('notify');
    expect(screen.getByLabelText('Type')).toHaveValue('boolean');
    expect(screen.queryByRole('button', { name: 'Make input from query parameter notify' })).not.toBeInTheDocument();

    // Cancelled, nothing changes and the focus goes back.
    await user.click(screen.getByRole('button', { name: 'Make input from header Accept' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Make input from header Accept' })).toHaveFocus();
    expect(screen.getByLabelText('Header 1 value')).toHaveValue('application/json');

    // A body field, under a name typed in: a bad name is said beside the field, and nothing changes.
    await user.click(screen.getByRole('button', { name: 'Make input from body field amount' }));
    const amount = screen.getByLabelText('Name of the new input');
    await user.clear(amount);
    await user.type(amount, 'Amount');
    await user.click(screen.getByRole('button', { name: 'Make it an input' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/starts with a letter/);
    expect(amount).toHaveAttribute('aria-invalid', 'true');
    await user.clear(amount);
    await user.type(amount, 'refund_amount{Enter}');
    expect(JSON.parse((screen.getByLabelText('Body') as HTMLTextAreaElement).value)).toEqual({
      amount: '{{refund_amount}}',
      note: 'Refund',
    });
    expect(screen.getByLabelText('Input name', { selector: '#input-1-name' })).toHaveValue('refund_amount');
    expect(screen.getByLabelText('Type', { selector: '#input-1-type' })).toHaveValue('decimal');
    expect(api.calls.filter((c) => c.path.startsWith('/api/definitions/actions'))).toHaveLength(0);
  });

  it("shows the API's error beside the command, and asks before replacing a request", async () => {
    let refuse = true;
    mockFetch((call) => {
      if (call.path === '/api/definitions/action_imports/curl') {
        return refuse
          ? {
              status: 400,
              body: errorList({ code: 'parameter_invalid', field: 'command', message: 'command must start with curl' }),
            }
          : { body: { type: 'action_import', draft: { ...curlDraft, suggested_connection: null, unsupported: [] } } };
      }
      return call.method === 'GET' ? list([]) : undefined;
    });
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const user = userEvent.setup();
    renderNew();
    await user.click(screen.getByText('Import from cURL or OpenAPI'));
    await user.type(screen.getByLabelText('cURL command'), 'wget https://shop.test');
    await user.click(screen.getByRole('button', { name: 'Read command' }));

    expect(await screen.findByText('command must start with curl')).toBeInTheDocument();
    expect(screen.getByLabelText('cURL command')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('cURL command')).toHaveAccessibleDescription(/command must start with curl/);

    refuse = false;
    await user.type(screen.getByLabelText('URL'), 'shop.test/mine');
    await user.click(screen.getByRole('button', { name: 'Read command' }));
    await waitFor(() => expect(confirm).toHaveBeenCalled());
    expect(screen.getByLabelText('URL')).toHaveValue('https://shop.test/mine');
    expect(screen.queryByText('Imported into the draft: review it, then save.')).not.toBeInTheDocument();
    expect(screen.getByLabelText('cURL command')).not.toHaveAttribute('aria-invalid');

    confirm.mockReturnValue(true);
    await user.click(screen.getByRole('button', { name: 'Read command' }));
    expect(await screen.findByText('Imported into the draft: review it, then save.')).toBeInTheDocument();
    expect(screen.getByLabelText('URL')).toHaveValue(curlDraft.url);
    expect(screen.queryByText('Not imported:')).not.toBeInTheDocument();
    expect(screen.queryByText(/carried credentials/)).not.toBeInTheDocument();
  });

  it('reads an OpenAPI file, lists its operations and fills the whole draft from the one chosen', async () => {
    const operations = [
      { key: 'getOrder', method: 'get', path: '/orders/{order_id}', summary: 'Get an order' },
      { key: 'refund', method: 'post', path: '/orders/{order_id}/refunds', summary: null },
    ];
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/action_imports/openapi') {
        const operation = (call.body as { operation?: string }).operation;
        return {
          body: {
            type: 'openapi_import',
            title: 'Shop API',
            operations,
            draft: operation
              ? {
                  name: 'get_order',
                  description: 'Get an order',
                  http_method: 'get',
                  url: 'https://shop.test/orders/{{order_id}}',
                  query: [],
                  headers: [{ key: 'Accept', value: 'application/json' }],
                  body: null,
                  data_inputs: [{ name: 'order_id', type: 'integer', required: true, description: 'The order' }],
                  response_fields: [{ name: 'status', path: '$.status', type: 'string' }],
                  suggested_connection: { auth_type: 'api_key', header_name: 'X-Api-Key' },
                  unsupported: ['parameter cookie session'],
                }
              : null,
          },
        };
      }
      return call.method === 'GET' ? list([]) : undefined;
    });
    vi.stubGlobal(
      'confirm',
      vi.fn(() => true),
    );
    const user = userEvent.setup();
    renderNew();
    await user.click(screen.getByText('Import from cURL or OpenAPI'));
    const document = '{"openapi": "3.1.0"}';
    await user.upload(
      screen.getByLabelText('OpenAPI document (JSON or YAML file)'),
      new File([document], 'shop.json', { type: 'application/json' }),
    );
    await user.click(screen.getByRole('button', { name: 'Read document' }));

    const choice = await screen.findByLabelText('Operation');
    expect(screen.getByText(/“Shop API”: 2 operations/)).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'GET /orders/{order_id} — Get an order' })).toBeInTheDocument();
    expect(api.to('/api/definitions/action_imports/openapi', 'POST')[0].body).toEqual({ document });
    await user.selectOptions(choice, 'getOrder');
    await user.click(screen.getByRole('button', { name: 'Use this operation' }));

    expect(await screen.findByText('Imported into the draft: review it, then save.')).toBeInTheDocument();
    expect(api.to('/api/definitions/action_imports/openapi', 'POST')[1].body).toEqual({
      document,
      operation: 'getOrder',
    });
    expect(screen.getByLabelText('Name')).toHaveValue('get_order');
    expect(screen.getByLabelText('Description')).toHaveValue('Get an order');
    expect(screen.getByLabelText('Method')).toHaveValue('get');
    expect(screen.getByLabelText('URL')).toHaveValue('https://shop.test/orders/{{order_id}}');
    expect(screen.getByLabelText('Input name')).toHaveValue('order_id');
    expect(screen.getByLabelText('Type', { selector: '#input-0-type' })).toHaveValue('integer');
    expect(screen.getByText('Not imported:').closest('.banner')).toHaveTextContent('parameter cookie session');
    expect(screen.getByText(/The operation needs credentials \(api_key, header X-Api-Key\)/)).toBeInTheDocument();
    // The outputs come with it; values that could be inputs are offered for a command only.
    expect(screen.getByDisplayValue('$.status')).toBeInTheDocument();
    expect(screen.queryByText('Values that could be inputs')).not.toBeInTheDocument();
  });

  it("shows the API's error beside the document's URL", async () => {
    const api = mockFetch((call) => {
      if (call.path === '/api/definitions/action_imports/openapi') {
        return {
          status: 422,
          body: errorList({ code: 'parameter_invalid', field: 'url', message: 'url could not be read: 404' }),
        };
      }
      return call.method === 'GET' ? list([]) : undefined;
    });
    const user = userEvent.setup();
    renderNew();
    await user.click(screen.getByText('Import from cURL or OpenAPI'));
    await user.type(screen.getByLabelText("Or the document's URL"), 'https://shop.test/openapi.yaml');
    await user.click(screen.getByRole('button', { name: 'Read document' }));

    expect(await screen.findByText('url could not be read: 404')).toBeInTheDocument();
    expect(screen.getByLabelText("Or the document's URL")).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('OpenAPI document (JSON or YAML file)')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByLabelText('URL')).not.toHaveAttribute('aria-invalid');
    expect(api.to('/api/definitions/action_imports/openapi', 'POST')[0].body).toEqual({
      url: 'https://shop.test/openapi.yaml',
    });
    expect(screen.queryByLabelText('Operation')).not.toBeInTheDocument();
  });
});
