import { useEffect, useState } from 'react';
import { api, listOf } from '../api';

/** An action as listed by the definitions service (only what the pages that name actions read). */
export interface ActionSummary {
  id: string;
  name: string;
  state?: string;
}

/** The workspace's actions (GET /actions), to choose one in a filter and to show names for ids. */
export function useActions(): { actions: ActionSummary[] | null; error: unknown } {
  const [actions, setActions] = useState<ActionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    api('definitions', '/actions')
      .then((answer) => {
        if (current) {
          setActions(listOf<ActionSummary>(answer));
        }
      })
      .catch((e: unknown) => {
        if (current) {
          setError(e);
        }
      });
    return () => {
      current = false;
    };
  }, []);
  return { actions, error };
}
