package dev.customactions.common.rest;

import dev.customactions.common.error.ApiException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a list held whole in memory, in Intercom's cursor shape: {@code per_page} items after the one
 * {@code starting_after} names; {@code pages.next.starting_after} names the page's last item when more follow.
 */
public final class CursorPage {

    /** Where the next page starts. */
    public record Next(String startingAfter) {}

    /** The page's size and the next page's cursor (null on the last page). */
    public record Pages(String type, int perPage, Next next) {}

    /** A page of {@code all}, and how to get the next. */
    public record Slice<T>(List<T> items, int totalCount, Pages pages) {}

    /** The limits of a list's {@code per_page}. */
    public record Size(int byDefault, int max) {}

    private CursorPage() {}

    /**
     * The page of {@code all} after the item whose {@code id} is {@code startingAfter} (from the start when null),
     * of {@code perPage} items (the default when null); 400 naming the field when either is not one this list has.
     */
    public static <T> Slice<T> of(
            List<T> all, Function<T, String> id, Integer perPage, Size size, String startingAfter, String what) {
        return of(all, id, null, cursor -> Optional.empty(), perPage, size, startingAfter, what);
    }

    /**
     * As {@link #of(List, Function, Integer, Size, String, String)}, for a list sorted in {@code order} whose items
     * may leave it between two pages (a dead letter replayed while an operator pages through the open ones): a
     * cursor no longer in the list, still found by {@code find}, starts the page after where it would sort.
     */
    public static <T> Slice<T> of(
            List<T> all,
            Function<T, String> id,
            Comparator<? super T> order,
            Function<String, Optional<T>> find,
            Integer perPage,
            Size size,
            String startingAfter,
            String what) {
        int count = perPage == null ? size.byDefault() : perPage;
        if (count < 1 || count > size.max()) {
            throw ApiException.invalid("per_page", "per_page must be between 1 and " + size.max());
        }
        int from = 0;
        if (startingAfter != null) {
            from = all.stream().map(id).toList().indexOf(startingAfter) + 1;
            if (from == 0) {
                Optional<T> gone = order == null ? Optional.empty() : find.apply(startingAfter);
                if (gone.isEmpty()) {
                    throw ApiException.invalid("starting_after", "No " + what + " " + startingAfter + " in this list");
                }
                int at = Collections.binarySearch(all, gone.get(), order);
                from = at >= 0 ? at + 1 : -at - 1;
            }
        }
        List<T> page = all.subList(from, Math.min(all.size(), from + count));
        Next next = from + count < all.size() ? new Next(id.apply(page.get(page.size() - 1))) : null;
        return new Slice<>(page, all.size(), new Pages("pages", count, next));
    }
}
