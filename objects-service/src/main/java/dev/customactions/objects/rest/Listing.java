package dev.customactions.objects.rest;

import dev.customactions.common.error.ApiException;
import io.quarkus.hibernate.orm.panache.Panache;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A list of records (contacts, conversations, a type's instances) as the console browses them:
 * {@code query} finds the text anywhere in the searchable fields (case-insensitive), {@code order}
 * sorts by last update ({@code desc}, the default, or {@code asc}), and pages are cursors on
 * (updated_at, id) so that a record written while an admin pages is neither skipped nor repeated.
 */
public final class Listing {

    private final String text;
    private final boolean ascending;
    private final Instant afterAt;
    private final String afterId;
    private final int perPage;

    private Listing(String text, boolean ascending, Instant afterAt, String afterId, int perPage) {
        this.text = text;
        this.ascending = ascending;
        this.afterAt = afterAt;
        this.afterId = afterId;
        this.perPage = perPage;
    }

    /** The list asked for, each parameter checked (400 naming it). */
    public static Listing of(String query, String order, Integer perPage, String startingAfter) {
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalid("order", "order is asc or desc (by last update)");
        }
        if (query != null && query.length() > 255) {
            throw ApiException.invalid("query", "query is at most 255 characters");
        }
        Instant at = null;
        String id = null;
        if (startingAfter != null) {
            String cursor;
            try {
                cursor = new String(Base64.getUrlDecoder().decode(startingAfter), StandardCharsets.UTF_8);
                int bar = cursor.indexOf('|');
                at = Instant.parse(cursor.substring(0, Math.max(bar, 0)));
                id = cursor.substring(bar + 1);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw ApiException.invalid("starting_after", "starting_after must be a cursor from pages.next");
            }
        }
        String text = query == null || query.isBlank() ? null : query.strip().toLowerCase(Locale.ROOT);
        return new Listing(text, "asc".equals(order), at, id, Page.perPage(perPage));
    }

    /** The HQL condition of the records that match: {@code scope} and the query over {@code fields}. */
    public String where(String scope, List<String> fields) {
        if (text == null) {
            return scope;
        }
        return scope + " and ("
                + fields.stream()
                        .map(field -> "lower(" + field + ") like :text escape '!'")
                        .collect(Collectors.joining(" or "))
                + ")";
    }

    /** {@link #where} restricted to the page after the cursor, in the order asked for. */
    public String page(String where) {
        String direction = ascending ? ">" : "<";
        String keyset = afterAt == null
                ? ""
                : " and (updatedAt " + direction + " :afterAt or (updatedAt = :afterAt and id " + direction
                        + " :afterId))";
        String sort = ascending ? "asc" : "desc";
        return where + keyset + " order by updatedAt " + sort + ", id " + sort;
    }

    /** The parameters of {@link #where} ({@code page} false) or {@link #page}: {@code scope}'s and this listing's. */
    public Map<String, Object> parameters(Map<String, Object> scope, boolean page) {
        var parameters = new HashMap<>(scope);
        if (text != null) {
            parameters.put(
                    "text", "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (page && afterAt != null) {
            parameters.put("afterAt", afterAt);
            parameters.put("afterId", afterId);
        }
        return parameters;
    }

    /** The last row of the previous page (its update time), or null on the first page. */
    public Instant afterAt() {
        return afterAt;
    }

    /** The last row of the previous page (its id), or null on the first page. */
    public String afterId() {
        return afterId;
    }

    /** How many rows to fetch: one more than a page, so that the extra one tells whether there is a next. */
    public int fetch() {
        return perPage + 1;
    }

    /**
     * The page of {@code entity}'s rows within {@code scope} (an HQL condition with its {@code parameters})
     * that this listing asks for, {@code searched} fields matching its query, each shown by {@code view}.
     */
    public <R, T> Page<T> page(
            Class<R> entity,
            String scope,
            Map<String, Object> parameters,
            List<String> searched,
            Function<R, Instant> updatedAt,
            Function<R, String> id,
            Function<R, T> view) {
        var entities = Panache.getEntityManager();
        String where = where(scope, searched);
        var rows = entities.createQuery("from " + entity.getSimpleName() + " where " + page(where), entity);
        parameters(parameters, true).forEach(rows::setParameter);
        var count =
                entities.createQuery("select count(*) from " + entity.getSimpleName() + " where " + where, Long.class);
        parameters(parameters, false).forEach(count::setParameter);
        return of(rows.setMaxResults(fetch()).getResultList(), count.getSingleResult(), updatedAt, id, view);
    }

    /** The page of {@code rows} (fetched with {@link #fetch}), each shown by {@code view}. */
    public <R, T> Page<T> of(
            List<R> rows,
            long totalCount,
            Function<R, Instant> updatedAt,
            Function<R, String> id,
            Function<R, T> view) {
        return Page.of(
                rows,
                perPage,
                totalCount,
                row -> Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((updatedAt.apply(row) + "|" + id.apply(row)).getBytes(StandardCharsets.UTF_8)),
                view);
    }
}
