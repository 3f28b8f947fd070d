import {
  keepPreviousData,
  QueryClient,
  QueryClientProvider,
  type UseQueryResult,
  useQuery,
} from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError, api, listOf, type RequestOptions, type Service } from './api';

// The one way pages read server data: TanStack Query caches each answer by (service, path, query),
// shares it between the components that ask, and refreshes it when a change is made. A 4xx is the
// API's word and is shown at once; only an outage (no answer, 5xx) is tried again.

/** A client as the console uses it; tests make one each (without retries) so that no answer leaks between them. */
export function newQueryClient(options: { retry?: boolean } = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          options.retry !== false &&
          failures < 2 &&
          !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

export function QueryProvider({ client, children }: { client?: QueryClient; children: ReactNode }) {
  return <QueryClientProvider client={client ?? defaultClient}>{children}</QueryClientProvider>;
}

const defaultClient = newQueryClient();

/** The key of a GET: what is asked for, whole. */
export function apiKey(service: Service, path: string, query?: RequestOptions['query']) {
  return [service, path, query ?? {}] as const;
}

/**
 * A GET of the platform through the cache; {@code enabled} false waits (for a parameter not known yet).
 * While a component asks for another page or filter, it keeps showing the previous answer (a
 * component keyed by what it shows starts empty instead).
 */
export function useApi<T>(
  service: Service,
  path: string,
  query?: RequestOptions['query'],
  enabled = true,
  revision?: unknown,
): UseQueryResult<T, unknown> {
  return useQuery<T, unknown>({
    queryKey: revision === undefined ? apiKey(service, path, query) : [...apiKey(service, path, query), revision],
    queryFn: () => api<T>(service, path, { query }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/**
 * A list the platform answers ({@code {type: "list", data}}) through the cache: its items (null until
 * the first answer), the error of the last read, and {@code reload}, which asks again and hands on
 * the fresh items (null when that failed), for a page that reads the list after a change. A new
 * {@code revision} (the time the thing listed last changed) asks again.
 */
export function useList<T>(
  service: Service,
  path: string,
  query?: RequestOptions['query'],
  revision?: unknown,
): { items: T[] | null; error: unknown; reload: () => Promise<T[] | null> } {
  const answer = useApi<unknown>(service, path, query, true, revision);
  return {
    items: answer.data === undefined ? null : listOf<T>(answer.data),
    error: answer.error,
    reload: async () => {
      const fresh = await answer.refetch();
      return fresh.data === undefined || fresh.error ? null : listOf<T>(fresh.data);
    },
  };
}
