import { describe, expect, it } from 'vitest';
import { changes } from './changes';

describe('changes', () => {
  it('says which field changed, from what to what, a connection by its name', () => {
    const v1 = {
      version: 1,
      published_at: 'x',
      name: 'Get order',
      url: 'https://a.example.com/{{id}}',
      timeout_ms: 5000,
      connection_id: 'c1',
      data_inputs: [{ name: 'id', type: 'integer' }],
    };
    const v2 = {
      version: 2,
      published_at: 'y',
      name: 'Get order',
      url: 'https://b.example.com/{{id}}',
      timeout_ms: null,
      connection_id: 'c2',
      data_inputs: [
        { name: 'id', type: 'string' },
        { name: 'email', type: 'string' },
      ],
    };
    const names: Record<string, string> = { c1: 'Shop', c2: 'Shop (new key)' };
    expect(changes(v1, v2, (id) => names[id])).toEqual([
      { field: 'url', from: 'https://a.example.com/{{id}}', to: 'https://b.example.com/{{id}}' },
      { field: 'timeout_ms', from: '5000', to: undefined },
      { field: 'connection', from: 'Shop', to: 'Shop (new key)' },
      { field: 'data_inputs[0].type', from: 'integer', to: 'string' },
      { field: 'data_inputs[1]', from: undefined, to: '{"name":"email","type":"string"}' },
    ]);
    expect(changes(v1, { ...v1, version: 3, published_at: 'z' })).toEqual([]);
  });
});
