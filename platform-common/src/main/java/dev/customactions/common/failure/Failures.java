package dev.customactions.common.failure;

import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionalException;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Predicate;
import javax.transaction.xa.XAException;
import org.apache.kafka.common.errors.RetriableException;
import org.hibernate.exception.JDBCConnectionException;

/**
 * The one place that tells "the database or broker is unavailable" (wait and try again: the step
 * will succeed once it is back) from "this can't be applied" (a data error, a failed validation, a
 * bug: trying again gives the same answer, so the record goes to its dead-letter topic and the
 * stream moves on). Every consumer, retry and error mapper of every service asks here.
 *
 * <p>A failure is transient when its causes hold no data error and one of them is:
 * <ul>
 * <li>a {@link SQLException} whose SQLSTATE says the connection or the server failed: classes
 * {@code 08} (connection), {@code 40} (serialization failure, deadlock: the transaction may be run
 * again), {@code 53} (insufficient resources), {@code 57} (operator intervention: shutdown, cancel),
 * {@code 58} (system error), {@code XX} (internal error), or no SQLSTATE at all (the pool or the
 * driver lost the connection before the server said anything);</li>
 * <li>Hibernate's {@link JDBCConnectionException};</li>
 * <li>a transaction outcome that is not known to be a data error: a commit cut off by a stopping
 * server surfaces as a rollback or heuristic outcome with the driver's error several causes down,
 * or not linked at all;</li>
 * <li>a Kafka {@link RetriableException} (broker unavailable, timeout).</li>
 * </ul>
 * A data error is a {@link SQLException} of class {@code 22} (data exception: a NUL byte, a value
 * out of range) or {@code 23} (integrity constraint violation); it wins over every transient sign in
 * the same chain. Anything else is not transient.
 */
public final class Failures {

    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58", "XX");
    private static final Set<String> DATA_CLASSES = Set.of("22", "23");

    private Failures() {}

    /** Whether {@code failure} says a dependency is unavailable, so the same step may succeed later. */
    public static boolean isTransient(Throwable failure) {
        boolean transientSign = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String sqlClass = sqlClass(sql);
                if (sqlClass != null && DATA_CLASSES.contains(sqlClass)) {
                    return false;
                }
                transientSign |= sqlClass == null || TRANSIENT_CLASSES.contains(sqlClass);
                SQLException next = sql.getNextException();
                if (next != null && next != sql && isDataError(next)) {
                    return false;
                }
            } else {
                transientSign |= t instanceof JDBCConnectionException
                        || t instanceof RetriableException
                        || t instanceof RollbackException
                        || t instanceof HeuristicMixedException
                        || t instanceof HeuristicRollbackException
                        || t instanceof SystemException
                        || t instanceof XAException
                        || t instanceof TransactionalException;
            }
        }
        return transientSign;
    }

    /** Whether {@code failure}'s causes hold a data error: SQLSTATE class 22 or 23. */
    public static boolean isDataError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && DATA_CLASSES.contains(String.valueOf(sqlClass(sql)))) {
                return true;
            }
        }
        return false;
    }

    /** A short reason for a dead-letter header or a log line: the innermost message with its type. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }

    private static String sqlClass(SQLException sql) {
        String state = sql.getSQLState();
        return state == null || state.length() < 2 ? null : state.substring(0, 2);
    }

    /**
     * {@link Failures#isTransient} as a predicate class, for SmallRye Fault Tolerance's
     * {@code @RetryWhen(exception = Failures.Transient.class)}.
     */
    public static final class Transient implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return isTransient(failure);
        }
    }
}
