package dev.customactions.objects.rejection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A write refused and not applied at all: an action's result whose writes did not validate, or an
 * end user's channel event setting an attribute it may not set. Kept to be read through the API.
 */
@Entity
public class WriteRejection extends PanacheEntityBase {

    /** From {@code action.results}; {@code source_id} is the run id. */
    public static final String ACTION_RESULT = "action_result";
    /** From {@code channel.events}; {@code source_id} is the client's event id. */
    public static final String CHANNEL_EVENT = "channel_event";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String workspaceId;

    public String source;

    public String sourceId;

    public String conversationId;

    public String contactId;

    public String actionId;

    /** The reason of the first problem (for filtering and metrics). */
    public String reason;

    /** Every problem: {@code [{reason, field, message}]}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Map<String, String>> errors;

    public Instant rejectedAt;

    /** Rejections of the workspace matching the filters given (null = any), oldest first, after {@code afterId}. */
    public static List<WriteRejection> search(
            String workspaceId,
            String source,
            String sourceId,
            String conversationId,
            String actionId,
            String reason,
            long afterId,
            int limit) {
        var filters = filters(source, sourceId, conversationId, actionId, reason);
        return find(where(filters) + " order by id", parameters(workspaceId, filters, afterId))
                .page(0, limit)
                .list();
    }

    public static long countMatching(
            String workspaceId, String source, String sourceId, String conversationId, String actionId, String reason) {
        var filters = filters(source, sourceId, conversationId, actionId, reason);
        return count(where(filters), parameters(workspaceId, filters, 0L));
    }

    /** The filters given, by field name (each also its parameter's name); null ones match any. */
    private static Map<String, Object> filters(
            String source, String sourceId, String conversationId, String actionId, String reason) {
        var filters = new LinkedHashMap<String, Object>();
        filters.put("source", source);
        filters.put("sourceId", sourceId);
        filters.put("conversationId", conversationId);
        filters.put("actionId", actionId);
        filters.put("reason", reason);
        filters.values().removeIf(Objects::isNull);
        return filters;
    }

    private static String where(Map<String, Object> filters) {
        var where = new StringBuilder("workspaceId = :workspace and id > :after");
        filters.keySet()
                .forEach(field ->
                        where.append(" and ").append(field).append(" = :").append(field));
        return where.toString();
    }

    private static Map<String, Object> parameters(String workspaceId, Map<String, Object> filters, long after) {
        var parameters = new HashMap<>(filters);
        parameters.put("workspace", workspaceId);
        parameters.put("after", after);
        return parameters;
    }
}
