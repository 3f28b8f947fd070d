package dev.customactions.objects.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The marks that recognise redeliveries are forgotten after the delivery memory (14 days by default), not before. */
@QuarkusTest
class DeliveryMemoryTest {

    @Inject
    DeliveryMemory memory;

    @Inject
    EntityManager em;

    @Test
    void marksOlderThanTheDeliveryMemoryArePurgedAndNewerOnesKept() {
        String consumer = "purge-test-" + UUID.randomUUID();
        String workspace = UUID.randomUUID().toString();
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            mark(
                    "INSERT INTO processed_message (consumer, message_id, processed_at) VALUES (?1, ?2, ?3)",
                    consumer,
                    "old",
                    now.minus(Duration.ofDays(15)));
            mark(
                    "INSERT INTO processed_message (consumer, message_id, processed_at) VALUES (?1, ?2, ?3)",
                    consumer,
                    "kept",
                    now.minus(Duration.ofDays(13)));
            mark(
                    "INSERT INTO applied_run (workspace_id, run_id, outcome, processed_at) VALUES (?1, ?2, 'applied', ?3)",
                    workspace,
                    "old",
                    now.minus(Duration.ofDays(15)));
            mark(
                    "INSERT INTO applied_run (workspace_id, run_id, outcome, processed_at) VALUES (?1, ?2, 'applied', ?3)",
                    workspace,
                    "kept",
                    now.minus(Duration.ofDays(13)));
        });

        assertTrue(memory.purge() >= 2, "at least the two old marks went");

        assertEquals(
                "kept",
                single("SELECT string_agg(message_id, ',') FROM processed_message WHERE consumer = ?1", consumer));
        assertEquals(
                "kept", single("SELECT string_agg(run_id, ',') FROM applied_run WHERE workspace_id = ?1", workspace));
    }

    private void mark(String sql, String owner, String id, Instant at) {
        em.createNativeQuery(sql)
                .setParameter(1, owner)
                .setParameter(2, id)
                .setParameter(3, at.atOffset(ZoneOffset.UTC))
                .executeUpdate();
    }

    private String single(String sql, String owner) {
        return QuarkusTransaction.requiringNew().call(() ->
                (String) em.createNativeQuery(sql).setParameter(1, owner).getSingleResult());
    }
}
