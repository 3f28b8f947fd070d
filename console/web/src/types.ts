// The platform's resources as its APIs show them (snake_case, as on the wire).

export type InputType = 'string' | 'integer' | 'decimal' | 'boolean';
export const INPUT_TYPES: InputType[] = ['string', 'integer', 'decimal', 'boolean'];
export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** Methods whose test call changes data in the other system. */
export const CHANGES_DATA: HttpMethod[] = ['post', 'put', 'patch', 'delete'];

export interface KeyValue {
  key: string;
  value: string;
}
export interface DataInput {
  name: string;
  type: InputType;
  required: boolean;
  default_value?: unknown;
  description?: string | null;
}
export interface ResponseField {
  name: string;
  path: string;
  type: InputType;
  redacted?: boolean;
}
export interface ObjectMapping {
  target: 'contact' | 'conversation' | 'custom_object';
  object_type?: string | null;
  external_id_output?: string | null;
  attributes: Record<string, string>;
  references?: ('contact' | 'conversation')[] | null;
}
export interface Retry {
  max_attempts: number;
  max_total_ms?: number | null;
}

export interface ActionDefinition {
  description: string | null;
  http_method: HttpMethod;
  url: string;
  query: KeyValue[] | null;
  headers: KeyValue[] | null;
  body: unknown;
  data_inputs: DataInput[] | null;
  response_fields: ResponseField[] | null;
  object_mappings: ObjectMapping[] | null;
  connection_id: string | null;
  timeout_ms: number | null;
  retry: Retry | null;
  /** The API's statuses that mean "nothing found" (such as 404): such a run succeeds with found false. */
  not_found_statuses?: number[] | null;
}

export interface Action extends ActionDefinition {
  type: 'action';
  id: string;
  name: string;
  state: 'draft' | 'live';
  live_version: number | null;
  /** Whether its live version is a tool of the platform's MCP server, for AI agents. */
  available_to_agents?: boolean;
  created_at: string;
  updated_at: string;
}

export interface ActionVersion extends ActionDefinition {
  version: number;
  name: string;
  published_at: string;
}

/** An action that authenticates with a connection: in its draft, its live version, or both. */
export interface ConnectionUse {
  id: string;
  name: string;
  state: 'draft' | 'live';
  in_draft: boolean;
  in_live_version: boolean;
}

export interface Connection {
  id: string;
  name: string;
  description?: string | null;
  auth_type: 'bearer' | 'api_key' | 'basic' | 'oauth2_client_credentials';
  allowed_hosts: string[];
  version: number;
  used_by: ConnectionUse[];
  [field: string]: unknown;
}

export interface TriggerCondition {
  type: string;
  value: string;
}
export interface Trigger {
  id: string;
  name: string;
  action_id: string;
  event_kinds: string[];
  condition: TriggerCondition | null;
  input_bindings: Record<string, unknown>;
  enabled: boolean;
  version: number;
}

export interface DataAttribute {
  id: string;
  name: string;
  model: 'contact' | 'conversation';
  data_type: string;
  description?: string | null;
  options?: string[] | null;
  messenger_writable: boolean;
  /** Whether actions may set it (absent from an older objects service: as messenger_writable). */
  action_writable?: boolean;
  archived: boolean;
  /** The live actions whose mappings write it: it can't be archived while there are any. */
  written_by?: ActionWriter[];
}

/** Whether actions may set {@code a}: its action_writable, or (an older objects service) messenger_writable. */
export function actionWritable(a: DataAttribute): boolean {
  return a.action_writable ?? a.messenger_writable;
}

/** A live action that writes a data attribute, an object type or one of its attributes. */
export interface ActionWriter {
  id: string;
  name: string;
}

export interface CustomObjectAttribute {
  name: string;
  data_type: string;
  description?: string | null;
  archived?: boolean;
  written_by?: ActionWriter[];
}
export interface CustomObjectType {
  identifier: string;
  name: string;
  description?: string | null;
  archived?: boolean;
  attributes: CustomObjectAttribute[];
  written_by?: ActionWriter[];
}

/** What a test run answers: the run's result with the request sent and the response received. */
export interface TestResult {
  run_id: string;
  status: 'success' | 'failure';
  /** False when the API answered a status the action declares as "nothing found". */
  found?: boolean;
  error: { type: string; message: string } | null;
  http_status: number | null;
  duration_ms: number;
  outputs: Record<string, unknown> | null;
  writes: unknown[] | null;
  request: { method: string; url: string; headers: Record<string, string>; body?: string } | null;
  response: { status: number; headers: Record<string, string>; body: string; body_truncated?: boolean } | null;
}

/** Whether a run succeeded with nothing found (the API answered one of the action's not_found_statuses). */
export function nothingFound(run: { status: string; found?: boolean | null }): boolean {
  return run.status === 'success' && run.found === false;
}
