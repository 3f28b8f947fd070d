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

/** How a GET is read: its query, whether to ask yet, what else makes it new, and what to show meanwhile. */
export interface ReadOptions {
  query?: RequestOptions['query'];
  /** False waits (for a parameter not known yet). */
  enabled?: boolean;
  /** Part of the key without being sent: the time the thing read last changed, so that a change asks again. */
  revision?: unknown;
  /**
   * While another page or filter of the same list loads, show the previous answer (true, the default), or
   * nothing (false: for one record, where the previous one would be another record).
   */
  keepPrevious?: boolean;
  /** Asks again this often while the page is open (ms). */
  refetchInterval?: number;
}

/** A GET of the platform through the cache. */
export function useApi<T>(service: Service, path: string, options: ReadOptions = {}): UseQueryResult<T, unknown> {
  const { query, enabled = true, revision, keepPrevious = true, refetchInterval } = options;
  return useQuery<T, unknown>({
    queryKey: revision === undefined ? apiKey(service, path, query) : [...apiKey(service, path, query), revision],
    queryFn: () => api<T>(service, path, { query }),
    enabled,
    placeholderData: keepPrevious ? keepPreviousData : undefined,
    refetchInterval,
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
  const answer = useApi<unknown>(service, path, { query, revision });
  return {
    items: answer.data === undefined ? null : listOf<T>(answer.data),
    error: answer.error,
    reload: async () => {
      const fresh = await answer.refetch();
      return fresh.data === undefined || fresh.error ? null : listOf<T>(fresh.data);
    },
  };
}
