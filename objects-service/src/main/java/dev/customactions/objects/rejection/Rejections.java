package dev.customactions.objects.rejection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.objects.model.AttributeCheck;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records refused writes (in the caller's transaction) and counts them in
 * {@code objects_write_rejections_total{source, reason}}.
 */
@ApplicationScoped
public class Rejections {

    /** Metric of refused writes. */
    public static final String METRIC = "objects.write.rejections";

    /** The reason of a write to a contact or conversation id that is another workspace's: left alone. */
    public static final String OTHER_WORKSPACE = "other_workspace";

    /** A refused write, before it is stored. */
    public record Rejection(
            String workspaceId,
            String source,
            String sourceId,
            String conversationId,
            String contactId,
            String actionId,
            List<AttributeCheck.Problem> problems) {

        public String reason() {
            return problems.get(0).reason();
        }
    }

    private final MeterRegistry registry;
    private final ObjectMapper mapper;

    Rejections(MeterRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
    }

    /** Stores {@code rejections} on {@code connection}, in one statement. */
    public void store(Connection connection, List<Rejection> rejections, Instant now) throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO write_rejection (workspace_id, source, source_id, conversation_id, contact_id, action_id,
                    reason, errors, rejected_at)
                SELECT u.w, u.s, u.si, u.c, u.ct, u.a, u.r, CAST(u.e AS jsonb), ?::timestamptz
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS u(w, s, si, c, ct, a, r, e)""")) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setArray(
                    2,
                    array(
                            connection,
                            rejections.stream().map(Rejection::workspaceId).toArray()));
            statement.setArray(
                    3,
                    array(connection, rejections.stream().map(Rejection::source).toArray()));
            statement.setArray(
                    4,
                    array(
                            connection,
                            rejections.stream().map(Rejection::sourceId).toArray()));
            statement.setArray(
                    5,
                    array(
                            connection,
                            rejections.stream().map(Rejection::conversationId).toArray()));
            statement.setArray(
                    6,
                    array(
                            connection,
                            rejections.stream().map(Rejection::contactId).toArray()));
            statement.setArray(
                    7,
                    array(
                            connection,
                            rejections.stream().map(Rejection::actionId).toArray()));
            statement.setArray(
                    8,
                    array(connection, rejections.stream().map(Rejection::reason).toArray()));
            statement.setArray(
                    9,
                    array(
                            connection,
                            rejections.stream()
                                    .map(r -> errorsJson(r.problems()))
                                    .toArray()));
            statement.executeUpdate();
        }
    }

    /** Counts {@code rejections} in the metric; call once they are committed. */
    public void count(List<Rejection> rejections) {
        for (Rejection rejection : rejections) {
            registry.counter(METRIC, "source", rejection.source(), "reason", rejection.reason())
                    .increment();
        }
    }

    private String errorsJson(List<AttributeCheck.Problem> problems) {
        List<Map<String, String>> errors = problems.stream()
                .map(problem -> {
                    var error = new LinkedHashMap<String, String>();
                    error.put("reason", problem.reason());
                    error.put("field", problem.field());
                    error.put("message", problem.message());
                    return (Map<String, String>) error;
                })
                .toList();
        try {
            return mapper.writeValueAsString(errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Array array(Connection connection, Object[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }
}
