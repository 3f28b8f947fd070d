// The one way the console talks to the platform: same-origin calls under /api/<service>/ that the
// console service forwards, with the signed-in token. The API stays the judge of every rule; its
// error list is kept whole so that each error can be shown next to the field it names.

export type Service = 'definitions' | 'objects' | 'executor' | 'gateway' | 'ops';

export interface ApiErrorItem {
  code: string;
  message: string;
  field?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly errors: ApiErrorItem[];
  readonly body: unknown;

  constructor(status: number, errors: ApiErrorItem[], body: unknown) {
    super(
      errors.length > 0
        ? errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ')
        : `HTTP ${status}`,
    );
    this.status = status;
    this.errors = errors;
    this.body = body;
  }

  /** The errors naming {@code field} or a field inside it ({@code field.x}, {@code field[0]}). */
  forField(field: string): ApiErrorItem[] {
    return this.errors.filter(
      (e) => e.field === field || e.field?.startsWith(`${field}.`) || e.field?.startsWith(`${field}[`),
    );
  }
}

const TOKEN_KEY = 'customactions.token';
type Listener = () => void;
const signedOutListeners = new Set<Listener>();

/** The token lives in this tab's session storage only: never in a URL, a log or local storage. */
export const session = {
  token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(token: string) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    for (const listener of signedOutListeners) {
      listener();
    }
  },
  onSignedOut(listener: Listener): () => void {
    signedOutListeners.add(listener);
    return () => signedOutListeners.delete(listener);
  },
};

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** A token to use instead of the session's (signing in). */
  token?: string;
}

export async function api<T = unknown>(service: Service, path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.token ?? session.token();
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const url = `/api/${service}${path}${params.size > 0 ? `?${params.toString()}` : ''}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
  } catch (e) {
    throw new ApiError(
      0,
      [{ code: 'unreachable', message: `The console service can't be reached: ${String(e)}` }],
      null,
    );
  }
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.token) {
      // The token was revoked or is unknown: the session ends.
      session.signOut();
    }
    throw new ApiError(response.status, errorsOf(body, response.status), body);
  }
  return body as T;
}

function errorsOf(body: unknown, status: number): ApiErrorItem[] {
  if (body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)) {
    return (body as { errors: ApiErrorItem[] }).errors;
  }
  const fallback: Record<number, string> = {
    401: 'Not signed in, or the token was revoked.',
    403: 'This token lacks the scope for that.',
    404: 'Not found.',
    502: 'The service behind the console is not reachable.',
    503: 'The service is not ready.',
    504: 'The service did not answer in time.',
  };
  return [{ code: `http_${status}`, message: fallback[status] ?? `The request failed with HTTP ${status}.` }];
}

/** A list answer of the platform: `{type: "list", data: [...]}` or a bare array. */
export function listOf<T>(answer: unknown): T[] {
  if (Array.isArray(answer)) {
    return answer as T[];
  }
  if (answer && typeof answer === 'object' && Array.isArray((answer as { data?: unknown }).data)) {
    return (answer as { data: T[] }).data;
  }
  return [];
}
