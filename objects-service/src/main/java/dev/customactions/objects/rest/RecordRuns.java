package dev.customactions.objects.rest;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The runs that wrote a record: each applied run's mark ({@code applied_run}) names the records its
 * result wrote, so a record's page lists them for as long as the mark is kept (the delivery
 * memory, at least the run log's retention).
 */
@ApplicationScoped
public class RecordRuns {

    /** One run that wrote the record; {@code written_at} in Unix seconds. */
    public record RunWrite(
            @Schema(required = true) String type,
            @Schema(required = true) String runId,
            String actionId,
            @Schema(required = true) long writtenAt) {}

    private final AgroalDataSource dataSource;

    RecordRuns(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The name of a contact or conversation in a run's mark. */
    public static String record(String model, String id) {
        return model + ':' + id;
    }

    /** The name of an instance in a run's mark: by external id, the key results write it by. */
    public static String instance(String type, String externalId) {
        return "instance:" + type + ':' + externalId;
    }

    /** A page of the runs that wrote {@code record}, newest first. */
    public Page<RunWrite> page(String workspaceId, String record, Integer perPage, String startingAfter) {
        Listing listing = Listing.of(null, null, perPage, startingAfter);
        var rows = new ArrayList<Row>();
        long total;
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT run_id, action_id, processed_at FROM applied_run
                    WHERE workspace_id = ? AND records @> ARRAY[?]::text[]
                      AND (?::timestamptz IS NULL OR (processed_at, run_id) < (?::timestamptz, ?))
                    ORDER BY processed_at DESC, run_id DESC LIMIT ?""")) {
                Timestamp after = listing.afterAt() == null ? null : Timestamp.from(listing.afterAt());
                statement.setString(1, workspaceId);
                statement.setString(2, record);
                statement.setTimestamp(3, after);
                statement.setTimestamp(4, after);
                statement.setString(5, listing.afterId());
                statement.setInt(6, listing.fetch());
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add(new Row(result.getString(1), result.getString(2), result.getTimestamp(3)));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT count(*) FROM applied_run WHERE workspace_id = ? AND records @> ARRAY[?]::text[]")) {
                statement.setString(1, workspaceId);
                statement.setString(2, record);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    total = result.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the runs that wrote " + record + " failed", e);
        }
        return listing.of(
                rows,
                total,
                row -> row.at.toInstant(),
                Row::runId,
                row -> new RunWrite(
                        "run_write", row.runId, row.actionId, row.at.toInstant().getEpochSecond()));
    }

    private record Row(String runId, String actionId, Timestamp at) {}
}
