package dev.customactions.executor.runlog;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One run in the run log (written by {@link RunLog}; read by the runs API). */
@Entity
public class Run extends PanacheEntityBase {

    @Id
    public String runId;

    public String workspaceId;

    public String mode;

    public String actionId;

    public Integer actionVersion;

    public String triggerId;

    public String invocationId;

    public String sourceEventId;

    public String conversationId;

    public String status;

    public String errorType;

    public Integer httpStatus;

    public long durationMs;

    public Instant startedAt;

    public Instant finishedAt;

    /** What was sent and what came back, secrets masked. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode detail;

    /** The record published on action.results. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode result;
}
