package dev.customactions.executor.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import javax.transaction.xa.XAException;

import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.RollbackException;

import org.junit.jupiter.api.Test;

/**
 * Which failures of a run log step mean "the database is down, ask again" (the run waits) and which
 * fail the run: a commit cut off by a stopping server once dead-lettered an acknowledged event.
 */
class DatabaseDownTest {

    @Test
    void aCutOffCommitIsTheDatabaseBeingDown() {
        assertTrue(RunPipeline.isDatabaseDown(new RuntimeException(new RollbackException("terminating connection"))));
        assertTrue(RunPipeline.isDatabaseDown(new HeuristicMixedException("one-phase commit failed")));
        assertTrue(RunPipeline.isDatabaseDown(new XAException(XAException.XAER_RMFAIL)));
        assertTrue(RunPipeline.isDatabaseDown(new IllegalStateException(new SQLException("connection closed", "08006"))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(RunPipeline.isDatabaseDown(new IllegalStateException("A run's result does not serialize")));
        assertFalse(RunPipeline.isDatabaseDown(new RunFailure(RunFailure.TIMEOUT, "No complete response")));
    }
}
