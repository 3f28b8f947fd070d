import { describe, expect, it } from 'vitest';
import {
  BodyError,
  EMPTY_DRAFT,
  hasUrl,
  importedChange,
  inputNameFor,
  literals,
  literalType,
  makeInput,
  outputName,
  toDraft,
  toRequest,
  typedValue,
  typeHint,
  validInputName,
} from './draft';
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

describe('imports', () => {
  const imported = {
    name: 'Get an order',
    description: 'Reads one order',
    http_method: 'POST',
    url: 'https://shop.test/orders',
    query: [{ key: 'fields', value: 'id' }],
    headers: [{ key: 'Accept', value: 'application/json' }],
    body: { id: 1001 },
    data_inputs: [{ name: 'order_id', type: 'integer' as const, required: true, description: null }],
    response_fields: [{ name: 'status', path: '$.order.status', type: 'string' as const }],
    suggested_connection: null,
    unsupported: [],
  };

  it('puts a command into the request only, and a whole operation into the draft', () => {
    const draft = { ...EMPTY_DRAFT, name: 'Mine', data_inputs: [] };
    const request = importedChange(draft, imported, false);
    expect(request.notImported).toEqual([]);
    expect(request.change).toEqual({
      http_method: 'post',
      url: 'https://shop.test/orders',
      query: [{ key: 'fields', value: 'id' }],
      headers: [{ key: 'Accept', value: 'application/json' }],
      bodyText: '{\n  "id": 1001\n}',
    });
    const whole = importedChange(draft, imported, true).change;
    expect(whole.name).toBeUndefined();
    expect(whole.description).toBe('Reads one order');
    expect(whole.data_inputs).toEqual([
      { name: 'order_id', type: 'integer', required: true, description: '', defaultText: '' },
    ]);
    expect(whole.response_fields).toEqual([
      { name: 'status', path: '$.order.status', type: 'string', redacted: false },
    ]);
    expect(importedChange(EMPTY_DRAFT, imported, true).change.name).toBe('Get an order');
  });

  it('keeps the method when the action has no such method, and says so', () => {
    const { change, notImported } = importedChange(EMPTY_DRAFT, { ...imported, http_method: 'head' }, false);
    expect(change.http_method).toBe('get');
    expect(notImported[0]).toMatch(/HEAD/);
  });

  it('knows a draft with a URL of its own', () => {
    expect(hasUrl(EMPTY_DRAFT)).toBe(false);
    expect(hasUrl({ ...EMPTY_DRAFT, url: 'https://shop.test' })).toBe(true);
  });

  it('types a literal as the input it becomes', () => {
    expect(literalType(1001)).toBe('integer');
    expect(literalType('1001')).toBe('integer');
    expect(literalType('9223372036854775807')).toBe('integer');
    expect(literalType('9223372036854775808')).toBe('string');
    expect(literalType('01234')).toBe('string');
    expect(literalType(52.5)).toBe('decimal');
    expect(literalType(true)).toBe('boolean');
    expect(literalType('false')).toBe('boolean');
    expect(literalType('id,status')).toBe('string');
  });

  it('names an input after its key', () => {
    expect(inputNameFor('fields', [])).toBe('fields');
    expect(inputNameFor('X-Api-Version', [])).toBe('x_api_version');
    expect(inputNameFor('orderId', [])).toBe('order_id');
    expect(inputNameFor('2fa code', [])).toBe('fa_code');
    expect(inputNameFor('$', [])).toBe('value');
    expect(inputNameFor('id', ['id'])).toBe('id_2');
    expect(validInputName('order_id')).toBe(true);
    expect(validInputName('Order')).toBe(false);
    expect(validInputName('1st')).toBe(false);
  });

  it('lists the literal values and turns one into a typed input', () => {
    const draft = {
      ...EMPTY_DRAFT,
      http_method: 'post' as const,
      query: [
        { key: 'fields', value: 'id' },
        { key: 'id', value: '{{order_id}}' },
      ],
      headers: [{ key: 'X-Version', value: '' }],
      bodyText: '{"quantity": 2, "note": "Bearer {{token}}", "gift": false, "items": [1]}',
    };
    expect(literals(draft).map((l) => `${l.place}:${l.key}`)).toEqual(['query:fields', 'body:quantity', 'body:gift']);
    const quantity = literals(draft)[1];
    const change = makeInput(draft, quantity, 'quantity');
    expect(JSON.parse(change.bodyText!)).toEqual({
      quantity: '{{quantity}}',
      note: 'Bearer {{token}}',
      gift: false,
      items: [1],
    });
    expect(change.data_inputs).toEqual([
      { name: 'quantity', type: 'integer', required: true, description: '', defaultText: '' },
    ]);
    const fields = makeInput(draft, literals(draft)[0], 'fields');
    expect(fields.query![0]).toEqual({ key: 'fields', value: '{{fields}}' });
    expect(fields.data_inputs![0].type).toBe('string');
    // A name the action has already: the value uses that input, none is added.
    const existing = { ...draft, data_inputs: [{ ...fields.data_inputs![0] }] };
    expect(makeInput(existing, literals(existing)[0], 'fields').data_inputs).toBeUndefined();
  });
});
