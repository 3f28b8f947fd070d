import { describe, expect, it } from 'vitest';
import { BodyError, EMPTY_DRAFT, outputName, toDraft, toRequest, typedValue, typeHint } from './draft';
import type { Action } from '../../types';

describe('typedValue', () => {
  it('sends numbers and booleans typed, and anything else as typed so that the API names the field', () => {
    expect(typedValue('integer', '42')).toBe(42);
    expect(typedValue('integer', '3.0')).toBe('3.0');
    expect(typedValue('decimal', '52.50')).toBe(52.5);
    expect(typedValue('boolean', 'true')).toBe(true);
    expect(typedValue('boolean', 'yes')).toBe('yes');
    expect(typedValue('string', ' 1001 ')).toBe(' 1001 ');
  });

  it('hints at the expected form without judging', () => {
    expect(typeHint('integer', '3.5')).toMatch(/whole number/);
    expect(typeHint('integer', '35')).toBeNull();
    expect(typeHint('string', 'anything')).toBeNull();
  });
});

describe('toRequest', () => {
  it('refuses a body that is not JSON, with a message', () => {
    expect(() => toRequest({ ...EMPTY_DRAFT, http_method: 'post', bodyText: '{"a": ' })).toThrow(BodyError);
  });

  it('leaves the body out of a get and keeps an action as it came back', () => {
    const action = {
      type: 'action',
      id: 'a1',
      name: 'Get order',
      state: 'draft',
      live_version: null,
      created_at: '',
      updated_at: '',
      description: null,
      http_method: 'get',
      url: 'https://shop.test/orders/{{order_id}}',
      query: [],
      headers: [],
      body: null,
      data_inputs: [{ name: 'order_id', type: 'integer', required: true, default_value: 7 }],
      response_fields: [{ name: 'status', path: '$.order.status', type: 'string' }],
      object_mappings: [],
      connection_id: null,
      timeout_ms: 5000,
      retry: { max_attempts: 3, max_total_ms: null },
      not_found_statuses: [404, 410],
    } as Action;
    const request = toRequest({ ...toDraft(action), bodyText: '{"ignored": true}' });
    expect(request.body).toBeNull();
    expect(request.data_inputs).toEqual([
      { name: 'order_id', type: 'integer', required: true, default_value: 7, description: null },
    ]);
    expect(request.timeout_ms).toBe(5000);
    expect(request.retry).toEqual({ max_attempts: 3, max_total_ms: null });
    expect(request.not_found_statuses).toEqual([404, 410]);
  });

  it('reads "nothing found" statuses as typed, separated by commas or spaces', () => {
    expect(toRequest({ ...EMPTY_DRAFT, not_found_statuses: ' 404,410  422 ' }).not_found_statuses).toEqual([
      404, 410, 422,
    ]);
    expect(toRequest({ ...EMPTY_DRAFT, not_found_statuses: '404, nope' }).not_found_statuses).toEqual([404, 'nope']);
    expect(toRequest(EMPTY_DRAFT).not_found_statuses).toEqual([]);
  });
});

describe('outputName', () => {
  it('names an output after the field, unique among the others', () => {
    expect(outputName('$.order.fulfillment_status', [])).toBe('fulfillment_status');
    expect(outputName('$.items[0].totalPrice', [])).toBe('total_price');
    expect(outputName('$.order.id', ['id'])).toBe('id_2');
    expect(outputName("$['odd key']", [])).toBe('odd_key');
  });
});
