package dev.customactions.executor.runlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run log keeps runs and their publication marks for the retention (7 days by default), then purges both. */
@QuarkusTest
class RunLogRetentionTest {

    @Inject
    RunLog runLog;

    @Inject
    EntityManager em;

    @Test
    void runsOlderThanTheRetentionArePurgedWithTheirMarksAndNewerOnesStay() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        String stored = UUID.randomUUID().toString();
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            insertRun(old, now.minus(Duration.ofDays(8)));
            insertRun(recent, now.minus(Duration.ofDays(6)));
            insertRun(stored, now);
        });
        runLog.write(List.of(), List.of(old, recent));
        // A mark made when its run was published (the run finished moments before), dated like it.
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("update run_published set published_at = ?1 where run_id = ?2")
                        .setParameter(1, now.minus(Duration.ofDays(8)).atOffset(ZoneOffset.UTC))
                        .setParameter(2, old)
                        .executeUpdate());
        assertEquals(
                Map.of(old, RunLog.State.PUBLISHED, recent, RunLog.State.PUBLISHED, stored, RunLog.State.STORED),
                runLog.states(List.of(old, recent, stored)));

        runLog.purge();

        assertEquals(
                Map.of(old, RunLog.State.NONE, recent, RunLog.State.PUBLISHED, stored, RunLog.State.STORED),
                runLog.states(List.of(old, recent, stored)));
        long marks = QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("select count(*) from run_published where run_id = ?1")
                                .setParameter(1, old)
                                .getSingleResult())
                        .longValue());
        assertEquals(0, marks, "the purged run's publication mark went with it");
    }

    private void insertRun(String runId, Instant finishedAt) {
        em.createNativeQuery("""
                insert into run (run_id, workspace_id, mode, action_id, status, duration_ms, started_at, finished_at, detail, result)
                values (?1, ?2, 'live', ?3, 'success', 5, ?4, ?4, cast('{}' as jsonb), cast('{}' as jsonb))""")
                .setParameter(1, runId)
                .setParameter(2, UUID.randomUUID().toString())
                .setParameter(3, UUID.randomUUID().toString())
                .setParameter(4, finishedAt.atOffset(ZoneOffset.UTC))
                .executeUpdate();
    }
}
