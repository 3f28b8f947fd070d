package dev.customactions.objects.rejection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        return find(
                        where(source, sourceId, conversationId, actionId, reason) + " order by id",
                        parameters(workspaceId, source, sourceId, conversationId, actionId, reason, afterId))
                .page(0, limit)
                .list();
    }

    public static long countMatching(
            String workspaceId, String source, String sourceId, String conversationId, String actionId, String reason) {
        return count(
                where(source, sourceId, conversationId, actionId, reason),
                parameters(workspaceId, source, sourceId, conversationId, actionId, reason, 0L));
    }

    private static String where(String source, String sourceId, String conversationId, String actionId, String reason) {
        var where = new StringBuilder("workspaceId = :workspace and id > :after");
        if (source != null) {
            where.append(" and source = :source");
        }
        if (sourceId != null) {
            where.append(" and sourceId = :sourceId");
        }
        if (conversationId != null) {
            where.append(" and conversationId = :conversationId");
        }
        if (actionId != null) {
            where.append(" and actionId = :actionId");
        }
        if (reason != null) {
            where.append(" and reason = :reason");
        }
        return where.toString();
    }

    private static Map<String, Object> parameters(
            String workspaceId,
            String source,
            String sourceId,
            String conversationId,
            String actionId,
            String reason,
            long after) {
        var parameters = new HashMap<String, Object>();
        parameters.put("workspace", workspaceId);
        parameters.put("after", after);
        if (source != null) {
            parameters.put("source", source);
        }
        if (sourceId != null) {
            parameters.put("sourceId", sourceId);
        }
        if (conversationId != null) {
            parameters.put("conversationId", conversationId);
        }
        if (actionId != null) {
            parameters.put("actionId", actionId);
        }
        if (reason != null) {
            parameters.put("reason", reason);
        }
        return parameters;
    }
}
