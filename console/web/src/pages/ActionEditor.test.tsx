import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { errorList, mockFetch, withQueries } from '../components/fetchMock';
import { ActionEditor } from './ActionEditor';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

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
    render(
      withQueries(
        <MemoryRouter initialEntries={['/actions/new']}>
          <Routes>
            <Route path="/actions/new" element={<ActionEditor />} />
          </Routes>
        </MemoryRouter>,
      ),
    );
    await user.type(screen.getByLabelText('URL'), 'http://shop.example.com/orders');
    await user.click(screen.getByRole('button', { name: 'Publish' }));

    expect(await screen.findByText('url must be https://')).toBeInTheDocument();
    expect(screen.getByText('name is required')).toBeInTheDocument();
    expect(screen.getByText('Some fields need attention (see below).')).toBeInTheDocument();
    expect(screen.queryByText(/Fix the draft/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls.filter((c) => c.path.endsWith('/publish'))).toHaveLength(0);
  });
});
