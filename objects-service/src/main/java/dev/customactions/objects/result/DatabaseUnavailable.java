package dev.customactions.objects.result;

import java.sql.SQLException;

/** The database could not be used (not a refusal of the data): the batch is retried. */
public class DatabaseUnavailable extends RuntimeException {

    DatabaseUnavailable(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
