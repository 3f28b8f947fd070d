package dev.customactions.objects.result;

import dev.customactions.common.failure.Failures;
import java.sql.SQLException;

/** A statement of a batch failed; {@link Failures#isTransient} tells whether the batch is tried again. */
public class StatementFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StatementFailed(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
