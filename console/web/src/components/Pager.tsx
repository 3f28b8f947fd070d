import { useCallback, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { FieldErrors, hasError } from './Errors';

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

/** Navigation state of a list kept in the URL: the cursors of the pages before the one shown, for "Previous page". */
export interface UrlListState {
  earlier?: string[];
}

/**
 * A list whose filters, page size and page live in the page's URL (so that a filtered view can be shared):
 * the page size and cursor read from it, the cursors of earlier pages from the navigation state; `show`
 * puts new filters in the URL (leaving out empty ones and those at their default) from the first page,
 * `goTo` moves to another page.
 */
export function useUrlList<F extends Record<string, string>>(defaultPerPage: string, defaults: Partial<F> = {}) {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const perPage = params.get('per_page') ?? defaultPerPage;
  const cursor = params.get('starting_after') ?? '';
  const earlier = (location.state as UrlListState | null)?.earlier ?? [];
  const show = (next: F, nextPerPage: string) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(next)) {
      if (value && value !== defaults[name]) {
        query.set(name, value);
      }
    }
    if (nextPerPage !== defaultPerPage) {
      query.set('per_page', nextPerPage);
    }
    setParams(query);
  };
  const goTo = (nextCursor: string, nextEarlier: string[]) => {
    const query = new URLSearchParams(params);
    if (nextCursor) {
      query.set('starting_after', nextCursor);
    } else {
      query.delete('starting_after');
    }
    setParams(query, { state: { earlier: nextEarlier } satisfies UrlListState });
  };
  return { params, location, perPage, cursor, earlier, show, goTo };
}

/** The pager of a list kept in the URL ({@link useUrlList}): first, previous and next page. */
export function UrlListPager({
  label,
  list,
  nextCursor,
  busy,
}: {
  label: string;
  list: Pick<ReturnType<typeof useUrlList>, 'cursor' | 'earlier' | 'goTo'>;
  nextCursor?: string;
  busy: boolean;
}) {
  const { cursor, earlier, goTo } = list;
  return (
    <Pager
      label={label}
      page={earlier.length + 1}
      busy={busy}
      hasPrevious={earlier.length > 0}
      hasNext={Boolean(nextCursor)}
      atFirst={!cursor}
      onFirst={() => goTo('', [])}
      onPrevious={() => goTo(earlier[earlier.length - 1] ?? '', earlier.slice(0, -1))}
      onNext={() => nextCursor && goTo(nextCursor, [...earlier, cursor])}
    />
  );
}

/** The page sizes a list offers. */
export const PER_PAGE_CHOICES = ['25', '50', '100'];

/** The "Per page" field of a list's filters, with the API's error about `per_page` under it. */
export function PerPageField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: unknown;
}) {
  return (
    <div style={{ flex: '0 1 110px' }}>
      <label htmlFor={id}>Per page</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={hasError(error, 'per_page') || undefined}
      >
        {PER_PAGE_CHOICES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <FieldErrors error={error} field="per_page" />
    </div>
  );
}
