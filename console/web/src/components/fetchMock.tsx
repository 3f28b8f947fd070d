import { vi } from 'vitest';
import type { ReactNode } from 'react';
import { newQueryClient, QueryProvider } from '../query';

// Tests only: a stand-in for the platform behind `fetch`, answering by method and path and
// recording every call so that a test can check what the page asked for.

export interface FetchCall {
  method: string;
  /** The path after the host: `/api/executor/runs`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface MockAnswer {
  status?: number;
  body?: unknown;
}

/** Answers a call, or undefined when the test doesn't expect it (answered 500, naming it). */
export type Route = (call: FetchCall) => MockAnswer | undefined;

export function mockFetch(route: Route) {
  const calls: FetchCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://console.test');
    const call: FetchCall = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const answer = route(call) ?? {
      status: 500,
      body: { errors: [{ code: 'unmocked', message: `No answer for ${call.method} ${call.path}` }] },
    };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    /** The calls to {@code path} with {@code method} (GET by default). */
    to(path: string, method = 'GET'): FetchCall[] {
      return calls.filter((c) => c.path === path && c.method === method);
    },
  };
}

/** Intercom's error list, as the platform answers a refused request. */
export function errorList(...errors: { code: string; message: string; field?: string }[]) {
  return { type: 'error.list', errors };
}

/** {@code ui} with a query cache of its own and no retries: each test starts with nothing cached. */
export function withQueries(ui: ReactNode, client = newQueryClient({ retry: false })) {
  return <QueryProvider client={client}>{ui}</QueryProvider>;
}
