package dev.customactions.objects.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.customactions.common.error.ApiException;
import java.util.List;
import java.util.function.Function;

/**
 * Intercom's paginated list: {@code {"type":"list","data":[...],"total_count":n,"pages":{"type":"pages",
 * "per_page":n,"next":{"per_page":n,"starting_after":"..."}}}}; {@code next} is null on the last page.
 * Pages are cursors: pass {@code next.starting_after} back to get the following page.
 */
public record Page<T>(String type, List<T> data, long totalCount, Pages pages) {

    /** Default page size. */
    public static final int DEFAULT_PER_PAGE = 50;
    /** Largest page size (Intercom's). */
    public static final int MAX_PER_PAGE = 150;

    /** Where the list stands. */
    public record Pages(
            String type,
            int perPage,
            @JsonInclude(JsonInclude.Include.ALWAYS) Next next) {}

    /** How to ask for the next page. */
    public record Next(int perPage, String startingAfter) {}

    /**
     * A page of {@code rows}, fetched as {@code perPage + 1} rows so that the extra one tells
     * whether there is a next page; {@code cursor} names a row for {@code starting_after}.
     */
    public static <R, T> Page<T> of(
            List<R> rows, int perPage, long totalCount, Function<R, String> cursor, Function<R, T> view) {
        boolean more = rows.size() > perPage;
        List<R> shown = more ? rows.subList(0, perPage) : rows;
        Next next = more ? new Next(perPage, cursor.apply(shown.get(shown.size() - 1))) : null;
        return new Page<>("list", shown.stream().map(view).toList(), totalCount, new Pages("pages", perPage, next));
    }

    /** The page size asked for ({@code per_page}), checked. */
    public static int perPage(Integer perPage) {
        if (perPage == null) {
            return DEFAULT_PER_PAGE;
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw ApiException.invalid("per_page", "per_page must be between 1 and " + MAX_PER_PAGE);
        }
        return perPage;
    }
}
