package dev.customactions.definitions.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.jpa.SpecHints;

/** A record waiting to be published on Kafka; written in the transaction of the change it announces. */
@Entity
public class OutboxMessage extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID eventId;

    public String topic;

    public String messageKey;

    public String eventType;

    /** JSON data of the record; null for a tombstone. */
    public String payload;

    public Instant createdAt;

    /**
     * Waits for the relay's turn: a PostgreSQL advisory lock held until this transaction ends, so
     * that one instance relays at a time and the outbox goes out in id order. Locked rows merely
     * skipped by another instance would let a key's later change overtake its earlier one on a
     * compacted topic (a token's revocation before its creation, an action's version 2 after 3).
     */
    public static void awaitRelayTurn() {
        getEntityManager()
                .createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('outbox-relay'))")
                .getSingleResult();
    }

    /**
     * The oldest waiting messages, locked for this transaction (after {@link #awaitRelayTurn}, which
     * already keeps a second instance out; the row locks guard the rows against anything else).
     */
    public static List<OutboxMessage> lockOldest(int limit) {
        return find("order by id")
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, -2)
                .page(0, limit)
                .list();
    }
}
