import { useCallback, useState } from 'react';

interface PagerProps {
  /** What is paged, for the navigation's name: "Run log pages". */
  label: string;
  /** 1-based number of the page shown. */
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  /** Back to the first page; shown when given, enabled when not on it. */
  onFirst?: () => void;
  atFirst?: boolean;
  busy?: boolean;
}

/** Previous / next buttons of a list the API pages with cursors (`pages.next.starting_after`). */
export function Pager({ label, page, hasPrevious, hasNext, onPrevious, onNext, onFirst, atFirst, busy }: PagerProps) {
  return (
    <nav className="pager" aria-label={label}>
      {onFirst ? (
        <button
          type="button"
          className="secondary small"
          onClick={onFirst}
          disabled={busy || (atFirst ?? !hasPrevious)}
        >
          First page
        </button>
      ) : null}
      <button type="button" className="secondary small" onClick={onPrevious} disabled={busy || !hasPrevious}>
        Previous page
      </button>
      <span className="muted">Page {page}</span>
      <button type="button" className="secondary small" onClick={onNext} disabled={busy || !hasNext}>
        Next page
      </button>
    </nav>
  );
}

/**
 * The cursor of the page shown and those of the pages before it, kept in component state: the API
 * gives only the next page's cursor, so going back means remembering where each page started.
 */
export function useCursorPages() {
  const [state, setState] = useState<{ cursor?: string; earlier: (string | undefined)[] }>({ earlier: [] });
  const next = useCallback((cursor: string) => setState((s) => ({ cursor, earlier: [...s.earlier, s.cursor] })), []);
  const previous = useCallback(
    () =>
      setState((s) =>
        s.earlier.length === 0 ? s : { cursor: s.earlier[s.earlier.length - 1], earlier: s.earlier.slice(0, -1) },
      ),
    [],
  );
  const reset = useCallback(() => setState({ earlier: [] }), []);
  return {
    cursor: state.cursor,
    page: state.earlier.length + 1,
    hasPrevious: state.earlier.length > 0,
    next,
    previous,
    reset,
  };
}
