package dev.customactions.common.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The idempotent consumer's memory: marks Kafka records as processed in the transaction of their
 * effect, so a redelivered record is recognised and its effect applied once. Each service using
 * it has a {@code processed_message (consumer, message_id, processed_at)} table.
 */
public final class Inbox {

    private Inbox() {}

    /**
     * Marks the records of {@code messageIds} as processed by {@code consumer}, in one statement on
     * {@code connection}, which must be in the transaction of their effect; answers the ids that were
     * not marked before (the caller applies those, and each once, and skips the others).
     */
    public static Set<String> firstDeliveries(
            Connection connection, String consumer, Collection<String> messageIds, Instant now) throws SQLException {
        var fresh = new HashSet<String>();
        if (messageIds.isEmpty()) {
            return fresh;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO processed_message (consumer, message_id, processed_at)
                SELECT ?, m, ?::timestamptz FROM unnest(?::text[]) AS u(m)
                ON CONFLICT DO NOTHING RETURNING message_id""")) {
            statement.setString(1, consumer);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setArray(3, connection.createArrayOf("text", messageIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getString(1));
                }
            }
        }
        return fresh;
    }

    /** The record's CloudEvents id, or its position when it has none. */
    public static String messageId(ConsumerRecord<?, ?> record) {
        Header id = record.headers().lastHeader("ce_id");
        if (id != null) {
            return new String(id.value(), StandardCharsets.UTF_8);
        }
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
