import type { Action, DataInput, HttpMethod, InputType, KeyValue, ObjectMapping, ResponseField } from '../../types';
import { HTTP_METHODS } from '../../types';

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

/** Credentials an imported command or document carried, as a connection to create (never kept in the action). */
export interface SuggestedConnection {
  auth_type: string;
  header_name?: string | null;
}

/**
 * A draft read from a cURL command (the request only) or an OpenAPI operation (the request, its
 * name, description, inputs and outputs too), as the definitions service answers it.
 */
export interface ImportedDraft {
  name?: string | null;
  description?: string | null;
  http_method: string;
  url: string;
  query?: KeyValue[] | null;
  headers?: KeyValue[] | null;
  body?: unknown;
  data_inputs?: { name: string; type: InputType; required: boolean; description?: string | null }[] | null;
  response_fields?: { name: string; path: string; type: InputType }[] | null;
  suggested_connection?: SuggestedConnection | null;
  unsupported?: string[] | null;
}

/** Whether the draft has a URL of its own (more than the "https://" a new action starts with). */
export function hasUrl(draft: Draft): boolean {
  return !['', 'https://', 'http://'].includes(draft.url.trim());
}

/**
 * What an import changes in the draft: its request (method, URL, query, headers and body, in place of
 * the draft's) and, with {@code whole} (an OpenAPI operation), its name when it has none, its
 * description, its inputs and its outputs. A method the action can't use is kept as it was and listed
 * in {@code notImported}.
 */
export function importedChange(
  draft: Draft,
  imported: ImportedDraft,
  whole: boolean,
): { change: Partial<Draft>; notImported: string[] } {
  const method = (imported.http_method ?? '').toLowerCase();
  const known = (HTTP_METHODS as readonly string[]).includes(method);
  const change: Partial<Draft> = {
    http_method: known ? (method as HttpMethod) : draft.http_method,
    url: imported.url,
    query: imported.query ?? [],
    headers: imported.headers ?? [],
    bodyText: imported.body === null || imported.body === undefined ? '' : JSON.stringify(imported.body, null, 2),
  };
  if (whole) {
    if (draft.name.trim() === '' && imported.name) {
      change.name = imported.name;
    }
    if (imported.description) {
      change.description = imported.description;
    }
    change.data_inputs = (imported.data_inputs ?? []).map((input) => ({
      name: input.name,
      type: input.type,
      required: input.required,
      description: input.description ?? '',
      defaultText: '',
    }));
    change.response_fields = (imported.response_fields ?? []).map((f) => ({ ...f, redacted: false }));
  }
  return {
    change,
    notImported: known ? [] : [`the method ${method.toUpperCase()} (an action uses ${HTTP_METHODS.join(', ')})`],
  };
}

/**
 * A literal value of the draft's request that could become an input: a query or header value (at
 * {@code index} among the rows), or a top-level field of the JSON body (at {@code index} among its fields).
 */
export type Literal =
  | { place: 'query' | 'header'; index: number; key: string; value: string }
  | { place: 'body'; index: number; key: string; value: string | number | boolean };

const LARGEST_INTEGER = 9223372036854775807n;

/** The body's fields when the draft sends a JSON object body, else null. */
function bodyObject(draft: Draft): Record<string, unknown> | null {
  if (!['post', 'put', 'patch'].includes(draft.http_method) || draft.bodyText.trim() === '') {
    return null;
  }
  try {
    const body: unknown = JSON.parse(draft.bodyText);
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Whether {@code value} is a literal worth an input: not empty and not (holding) a {{placeholder}}. */
function isLiteral(value: unknown): value is string | number | boolean {
  if (typeof value === 'string') {
    return value.trim() !== '' && !value.includes('{{');
  }
  return typeof value === 'number' || typeof value === 'boolean';
}

/** The literal values of the draft's query rows, headers and top-level JSON body fields, in that order. */
export function literals(draft: Draft): Literal[] {
  const found: Literal[] = [];
  draft.query.forEach((row, index) => {
    if (isLiteral(row.value)) {
      found.push({ place: 'query', index, key: row.key, value: row.value });
    }
  });
  draft.headers.forEach((row, index) => {
    if (isLiteral(row.value)) {
      found.push({ place: 'header', index, key: row.key, value: row.value });
    }
  });
  Object.entries(bodyObject(draft) ?? {}).forEach(([key, value], index) => {
    if (isLiteral(value)) {
      found.push({ place: 'body', index, key, value });
    }
  });
  return found;
}

/**
 * The input type of a literal: integer for a whole JSON number or a text of digits within 64 bits
 * (not one with a leading zero, such as a postal code, which would lose it), decimal for a fractional
 * number, boolean for true or false, string otherwise.
 */
export function literalType(value: string | number | boolean): InputType {
  if (typeof value === 'boolean') {
    return 'boolean';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) <= Number(LARGEST_INTEGER) ? 'integer' : 'decimal';
  }
  if (/^(0|[1-9]\d*)$/.test(value) && BigInt(value) <= LARGEST_INTEGER) {
    return 'integer';
  }
  return value === 'true' || value === 'false' ? 'boolean' : 'string';
}

/** Whether {@code name} is an input name the API takes: a letter, then letters, digits or _ (64 at most). */
export function validInputName(name: string): boolean {
  return /^[a-z][a-z0-9_]{0,63}$/.test(name);
}

/** An input name from a key: snake case, [a-z0-9_] starting with a letter, unique among {@code taken}. */
export function inputNameFor(key: string, taken: string[]): string {
  const base =
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+/, '')
      .replace(/_+$/, '')
      .slice(0, 60) || 'value';
  let name = base;
  for (let i = 2; taken.includes(name); i++) {
    name = `${base}_${i}`;
  }
  return name;
}

/**
 * The change that turns {@code literal} into the input {@code name}: its value becomes {{name}} and
 * the draft gains a required input of the literal's type (unless it has one of that name already,
 * which the value then uses).
 */
export function makeInput(draft: Draft, literal: Literal, name: string): Partial<Draft> {
  const template = `{{${name}}}`;
  const change: Partial<Draft> = {};
  if (literal.place === 'query') {
    change.query = draft.query.map((row, i) => (i === literal.index ? { ...row, value: template } : row));
  } else if (literal.place === 'header') {
    change.headers = draft.headers.map((row, i) => (i === literal.index ? { ...row, value: template } : row));
  } else {
    const body = bodyObject(draft) ?? {};
    change.bodyText = JSON.stringify({ ...body, [literal.key]: template }, null, 2);
  }
  if (!draft.data_inputs.some((input) => input.name === name)) {
    change.data_inputs = [
      ...draft.data_inputs,
      { name, type: literalType(literal.value), required: true, description: '', defaultText: '' },
    ];
  }
  return change;
}
