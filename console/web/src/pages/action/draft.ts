import type { Action, DataInput, HttpMethod, InputType, KeyValue, ObjectMapping, ResponseField } from '../../types';

/** An action as the form edits it: texts where the admin types JSON or a typed value. */
export interface Draft {
  name: string;
  description: string;
  http_method: HttpMethod;
  url: string;
  query: KeyValue[];
  headers: KeyValue[];
  bodyText: string;
  data_inputs: (Omit<DataInput, 'default_value'> & { defaultText: string })[];
  response_fields: ResponseField[];
  object_mappings: ObjectMapping[];
  connection_id: string;
  timeout_ms: string;
  retry: { enabled: boolean; max_attempts: string; max_total_ms: string };
  /** Statuses as typed, separated by commas or spaces: "404, 410". */
  not_found_statuses: string;
}

export const EMPTY_DRAFT: Draft = {
  name: '',
  description: '',
  http_method: 'get',
  url: 'https://',
  query: [],
  headers: [],
  bodyText: '',
  data_inputs: [],
  response_fields: [],
  object_mappings: [],
  connection_id: '',
  timeout_ms: '',
  retry: { enabled: false, max_attempts: '3', max_total_ms: '' },
  not_found_statuses: '',
};

export function toDraft(action: Action): Draft {
  return {
    name: action.name ?? '',
    description: action.description ?? '',
    http_method: action.http_method ?? 'get',
    url: action.url ?? '',
    query: action.query ?? [],
    headers: action.headers ?? [],
    bodyText: action.body === null || action.body === undefined ? '' : JSON.stringify(action.body, null, 2),
    data_inputs: (action.data_inputs ?? []).map((input) => ({
      name: input.name,
      type: input.type,
      required: input.required ?? false,
      description: input.description ?? '',
      defaultText:
        input.default_value === null || input.default_value === undefined
          ? ''
          : typeof input.default_value === 'string'
            ? input.default_value
            : JSON.stringify(input.default_value),
    })),
    response_fields: (action.response_fields ?? []).map((f) => ({ ...f, redacted: f.redacted ?? false })),
    object_mappings: action.object_mappings ?? [],
    connection_id: action.connection_id ?? '',
    timeout_ms: action.timeout_ms === null || action.timeout_ms === undefined ? '' : String(action.timeout_ms),
    retry: action.retry
      ? {
          enabled: true,
          max_attempts: String(action.retry.max_attempts ?? ''),
          max_total_ms:
            action.retry.max_total_ms === null || action.retry.max_total_ms === undefined
              ? ''
              : String(action.retry.max_total_ms),
        }
      : { enabled: false, max_attempts: '3', max_total_ms: '' },
    not_found_statuses: (action.not_found_statuses ?? []).join(', '),
  };
}

/**
 * A typed value from what was typed, for the input's type: a number only when the text is one
 * (the API then judges it strictly: `3.0` is not an integer), the text itself otherwise so that
 * the API's error names the field.
 */
export function typedValue(type: InputType, text: string): unknown {
  const trimmed = text.trim();
  if (type === 'string') {
    return text;
  }
  if (type === 'boolean') {
    return trimmed === 'true' ? true : trimmed === 'false' ? false : text;
  }
  if (trimmed !== '' && /^-?(\d+)(\.\d+)?([eE][-+]?\d+)?$/.test(trimmed)) {
    if (type === 'integer' && !/^-?\d+$/.test(trimmed)) {
      return text;
    }
    return Number(trimmed);
  }
  return text;
}

/** A local hint for a typed value (the API stays the judge): null when it looks right. */
export function typeHint(type: InputType, text: string): string | null {
  if (text.trim() === '' || type === 'string') {
    return null;
  }
  const value = typedValue(type, text);
  if (type === 'boolean' && typeof value !== 'boolean') {
    return 'true or false';
  }
  if (type === 'integer' && typeof value !== 'number') {
    return 'a whole number, such as 42';
  }
  if (type === 'decimal' && typeof value !== 'number') {
    return 'a number, such as 52.50';
  }
  return null;
}

export class BodyError extends Error {}

/** The API's request body for a draft; throws BodyError when the JSON body does not parse. */
export function toRequest(draft: Draft): Record<string, unknown> {
  let body: unknown = null;
  if (draft.bodyText.trim() !== '' && draft.http_method !== 'get' && draft.http_method !== 'delete') {
    try {
      body = JSON.parse(draft.bodyText);
    } catch (e) {
      throw new BodyError(`The body is not valid JSON: ${(e as Error).message}`);
    }
  }
  return {
    name: draft.name,
    description: draft.description === '' ? null : draft.description,
    http_method: draft.http_method,
    url: draft.url,
    query: draft.query,
    headers: draft.headers,
    body,
    data_inputs: draft.data_inputs.map((input) => ({
      name: input.name,
      type: input.type,
      required: input.required,
      default_value: input.defaultText === '' ? null : typedValue(input.type, input.defaultText),
      description: input.description === '' ? null : input.description,
    })),
    response_fields: draft.response_fields,
    object_mappings: draft.object_mappings,
    connection_id: draft.connection_id === '' ? null : draft.connection_id,
    timeout_ms: draft.timeout_ms.trim() === '' ? null : typedValue('integer', draft.timeout_ms),
    retry: draft.retry.enabled
      ? {
          max_attempts: typedValue('integer', draft.retry.max_attempts),
          max_total_ms: draft.retry.max_total_ms.trim() === '' ? null : typedValue('integer', draft.retry.max_total_ms),
        }
      : null,
    not_found_statuses: draft.not_found_statuses
      .split(/[\s,]+/)
      .filter((s) => s !== '')
      .map((s) => typedValue('integer', s)),
  };
}

/** An output name from a JSONPath: its last field, in snake case, unique among {@code taken}. */
export function outputName(path: string, taken: string[]): string {
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\['([^']*)'\]/g, '.$1')
    .split('.')
    .filter((p) => p && p !== '$');
  const last = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? 'value';
  const base =
    last
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9_]/g, '_')
      .toLowerCase() || 'value';
  let name = base;
  for (let i = 2; taken.includes(name); i++) {
    name = `${base}_${i}`;
  }
  return name;
}
