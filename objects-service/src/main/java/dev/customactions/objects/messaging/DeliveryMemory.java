package dev.customactions.objects.messaging;

import dev.customactions.objects.ObjectsConfig;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/**
 * Forgets the marks that recognise redeliveries ({@code processed_message} for channel events,
 * {@code applied_run} for action results) once they are older than the delivery memory, so the two
 * tables don't grow without end. Deleted a chunk per transaction, so a large backlog neither holds
 * one long transaction nor blocks the consumers writing new marks.
 */
@ApplicationScoped
public class DeliveryMemory {

    /** Rows deleted per transaction. */
    static final int CHUNK = 10_000;

    private final EntityManager em;
    private final ObjectsConfig config;

    DeliveryMemory(EntityManager em, ObjectsConfig config) {
        this.em = em;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        purge();
    }

    /** Purges marks older than the delivery memory; answers how many went. */
    long purge() {
        Instant before = Instant.now().minus(config.deliveryMemory());
        long deleted = purge("processed_message", before) + purge("applied_run", before);
        if (deleted > 0) {
            Log.infof("Forgot %d delivery marks older than %s", deleted, before);
        }
        return deleted;
    }

    private long purge(String table, Instant before) {
        long total = 0;
        int deleted;
        do {
            // The table name is one of two constants above, never input.
            deleted = QuarkusTransaction.requiringNew()
                    .call(() -> em.createNativeQuery("DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM "
                                    + table + " WHERE processed_at < ?1 LIMIT " + CHUNK + ")")
                            .setParameter(1, before)
                            .executeUpdate());
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }
}
