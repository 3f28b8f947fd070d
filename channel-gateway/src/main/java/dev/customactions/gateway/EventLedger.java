package dev.customactions.gateway;

import dev.customactions.common.batch.MicroBatcher;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The event ids each workspace used, with the fingerprint of their content and the ids they were
 * answered with. The records of the requests of a few milliseconds ({@code ledger-window}) are
 * gathered into one statement, so the database costs one round trip per batch rather than per event.
 * <p>
 * The gateway's database commits without waiting for the disk ({@code synchronous_commit = off},
 * set on its connections): the events themselves are durable in Kafka, and should the last
 * records be lost in a database crash, a retry is published again under the same CloudEvents id,
 * which every consumer recognises.
 */
@ApplicationScoped
public class EventLedger {

    /** One accepted event id. */
    public record Entry(
            String workspaceId,
            String eventId,
            String fingerprint,
            String conversationId,
            String externalConversationId,
            String contactId,
            String externalContactId,
            Instant acceptedAt) {

        Key key() {
            return new Key(workspaceId, eventId);
        }
    }

    /** A workspace's event id. */
    public record Key(String workspaceId, String eventId) {}

    private static final int MAX_BATCH = 500;
    private static final String COLUMNS =
            "workspace_id, event_id, fingerprint, conversation_id, external_conversation_id, "
                    + "contact_id, external_contact_id, accepted_at";

    private final AgroalDataSource dataSource;
    private final Duration retention;
    private final MicroBatcher<Entry, Optional<Entry>> recorder;
    /** Whether an entry goes at once (no window) rather than waiting for others. */
    private final boolean urgent;

    EventLedger(AgroalDataSource dataSource, GatewayConfig config) {
        this.dataSource = dataSource;
        this.retention = config.eventIdRetention();
        this.urgent = config.ledgerWindow().isZero();
        this.recorder = new MicroBatcher<>(
                "event ledger",
                Infrastructure.getDefaultWorkerPool(),
                MAX_BATCH,
                config.ledgerWindow(),
                this::recordAll);
    }

    @PreDestroy
    void close() {
        recorder.close();
    }

    /** Forgets event ids older than the retention; a retry after that is a new event to the gateway. */
    @Scheduled(every = "${customactions.gateway.event-id-purge-interval:10m}", delayed = "1m")
    void forgetOldEventIds() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM accepted_event WHERE accepted_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now().minus(retention)));
            int forgotten = delete.executeUpdate();
            if (forgotten > 0) {
                Log.infof("Forgot %d event ids older than %s", forgotten, retention);
            }
        }
    }

    /** Records {@code entry}; answers empty when it is new, or the entry recorded before under its id. */
    public CompletableFuture<Optional<Entry>> record(Entry entry) {
        return recorder.submit(entry, urgent);
    }

    private List<Optional<Entry>> recordAll(List<Entry> entries) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Set<Key> inserted = new HashSet<>();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO accepted_event (" + COLUMNS + ") "
                    + "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                    + "?::timestamptz[]) ON CONFLICT DO NOTHING RETURNING workspace_id, event_id")) {
                setArray(connection, insert, 1, entries, Entry::workspaceId);
                setArray(connection, insert, 2, entries, Entry::eventId);
                setArray(connection, insert, 3, entries, Entry::fingerprint);
                setArray(connection, insert, 4, entries, Entry::conversationId);
                setArray(connection, insert, 5, entries, Entry::externalConversationId);
                setArray(connection, insert, 6, entries, Entry::contactId);
                setArray(connection, insert, 7, entries, Entry::externalContactId);
                setArray(connection, insert, 8, entries, entry -> entry.acceptedAt()
                        .toString());
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(new Key(rows.getString(1), rows.getString(2)));
                    }
                }
            }
            List<Key> conflicts = new ArrayList<>();
            List<Optional<Entry>> results = new ArrayList<>(entries.size());
            for (Entry entry : entries) {
                // Of two entries of one key in a batch, the first is the one recorded.
                boolean recorded = inserted.remove(entry.key());
                results.add(recorded ? Optional.empty() : null);
                if (!recorded) {
                    conflicts.add(entry.key());
                }
            }
            if (!conflicts.isEmpty()) {
                Map<Key, Entry> existing = select(connection, conflicts);
                for (int i = 0; i < entries.size(); i++) {
                    if (results.get(i) == null) {
                        results.set(
                                i,
                                Optional.ofNullable(existing.get(entries.get(i).key())));
                    }
                }
            }
            return results;
        }
    }

    private static Map<Key, Entry> select(Connection connection, List<Key> keys) throws SQLException {
        Map<Key, Entry> found = new HashMap<>();
        // One primary-key look-up per key (LATERAL), whatever the planner thinks of the table's size.
        try (PreparedStatement select =
                connection.prepareStatement("SELECT a.* FROM unnest(?::text[], ?::text[]) AS k(w, e) "
                        + "CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM accepted_event "
                        + "WHERE workspace_id = k.w AND event_id = k.e) a")) {
            setArray(connection, select, 1, keys, Key::workspaceId);
            setArray(connection, select, 2, keys, Key::eventId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    var entry = new Entry(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getString(7),
                            rows.getTimestamp(8).toInstant());
                    found.put(entry.key(), entry);
                }
            }
        }
        return found;
    }

    private static <T> void setArray(
            Connection connection, PreparedStatement statement, int index, List<T> items, Function<T, String> value)
            throws SQLException {
        statement.setArray(
                index,
                connection.createArrayOf("text", items.stream().map(value).toArray()));
    }
}
