import { listOf } from '../api';
import { useApi } from '../query';

/** An action as listed by the definitions service (only what the pages that name actions read). */
export interface ActionSummary {
  id: string;
  name: string;
  state?: string;
}

/** The workspace's actions (GET /actions), to choose one in a filter and to show names for ids. */
export function useActions(): { actions: ActionSummary[] | null; error: unknown } {
  const { data, error } = useApi<unknown>('definitions', '/actions');
  return { actions: data === undefined ? null : listOf<ActionSummary>(data), error };
}
