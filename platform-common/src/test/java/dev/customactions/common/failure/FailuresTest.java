package dev.customactions.common.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which failures mean "a dependency is unavailable, ask again" (the record waits) and which mean
 * "this can't be applied" (the record is dead-lettered): a NUL byte once stalled a consumer for good,
 * and a commit cut off by a stopping server once dead-lettered an acknowledged event.
 */
class FailuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "57P01", "57014", "53300", "40001", "40P01", "58030", "XX000"})
    void anUnavailableDatabaseIsTransient(String state) {
        assertTrue(Failures.isTransient(new SQLException("down", state)));
        assertTrue(Failures.isTransient(new PersistenceException(new SQLException("down", state))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"22021", "22P02", "22003", "22001", "23505", "23503", "23502"})
    void aDataErrorIsNotTransientWhateverWrapsIt(String state) {
        var data = new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", state);
        assertFalse(Failures.isTransient(data));
        assertFalse(Failures.isTransient(new RollbackException("commit failed") {
            {
                initCause(data);
            }
        }));
        assertFalse(Failures.isTransient(new ConstraintViolationException("duplicate", data, "pk")));
        assertTrue(Failures.isDataError(new PersistenceException(data)));
    }

    @Test
    void aDataErrorChainedAsTheNextExceptionOfABatchIsNotTransient() {
        var batch = new SQLException("Batch entry 0 was aborted", "22021");
        assertFalse(Failures.isTransient(batch));
        var unknown = new SQLException("Batch entry 0 was aborted");
        unknown.setNextException(new SQLException("invalid byte sequence", "22021"));
        assertFalse(Failures.isTransient(unknown));
    }

    @Test
    void aCutOffCommitIsTheDatabaseBeingDown() {
        assertTrue(Failures.isTransient(new RuntimeException(new RollbackException("terminating connection"))));
        assertTrue(Failures.isTransient(new HeuristicMixedException("one-phase commit failed")));
        assertTrue(Failures.isTransient(new XAException(XAException.XAER_RMFAIL)));
        assertTrue(Failures.isTransient(new IllegalStateException(new SQLException("connection closed", "08006"))));
        assertTrue(Failures.isTransient(new SQLException("Sorry, acquisition timeout!")), "the pool's wait, no state");
        assertTrue(Failures.isTransient(new JDBCConnectionException("gone", new SQLException("gone"))));
    }

    @Test
    void anUnavailableBrokerIsTransientABadRecordIsNot() {
        assertTrue(Failures.isTransient(new RuntimeException(new NotLeaderOrFollowerException("moving"))));
        assertFalse(Failures.isTransient(new RecordTooLargeException("too large")));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(Failures.isTransient(new IllegalStateException("A run's result does not serialize")));
        assertFalse(Failures.isTransient(new IllegalArgumentException("workspace_id is required")));
        assertFalse(Failures.isTransient(new SQLException("syntax error", "42601")));
        assertFalse(Failures.isTransient(new NullPointerException()));
        assertFalse(Failures.isTransient(null));
        assertTrue(new Failures.Transient().test(new SQLException("down", "08006")));
    }

    @Test
    void theReasonNamesTheRootCause() {
        assertEquals(
                "SQLException: invalid byte sequence",
                Failures.reason(
                        new PersistenceException("could not execute", new SQLException("invalid byte sequence"))));
    }
}
