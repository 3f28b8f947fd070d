package dev.customactions.executor.runlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.executor.ExecutorConfig;
import dev.customactions.executor.event.RunCompleted;
import dev.customactions.executor.run.RunRecord;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The run log: each finished run is stored (once: its id is derived from its cause) before its
 * result is published, and marked published after Kafka's acknowledgement. A redelivered event
 * finds its run here: published, nothing more happens; stored but not yet published, the stored
 * result is published again; the third party is not called a second time.
 */
@ApplicationScoped
public class RunLog {

    /** How far a run has come. */
    public enum State {
        NONE,
        STORED,
        PUBLISHED
    }

    private static final String STORE = """
            insert into run (run_id, workspace_id, mode, action_id, trigger_id, invocation_id, source_event_id,
                conversation_id, status, error_type, action_version, http_status, duration_ms, started_at,
                finished_at, detail, result)
            select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::bigint[], ?::text[]::timestamptz[],
                ?::text[]::timestamptz[], ?::text[]::jsonb[], ?::text[]::jsonb[])
            on conflict (run_id) do nothing""";

    private static final String MARK = """
            insert into run_published (run_id, published_at) select unnest(?::text[]), now()
            on conflict (run_id) do nothing""";

    private static final String STORE_AND_MARK = "with published as (" + MARK + ")\n" + STORE;

    private final EntityManager em;
    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final ExecutorConfig config;

    RunLog(EntityManager em, DataSource dataSource, ObjectMapper mapper, ExecutorConfig config) {
        this.em = em;
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.config = config;
    }

    /** How far each of {@code runIds} has come, in one query. */
    public Map<String, State> states(List<String> runIds) {
        var states = new HashMap<String, State>();
        runIds.forEach(runId -> states.put(runId, State.NONE));
        statement("""
                select run.run_id, run_published.run_id is not null from run
                left join run_published on run_published.run_id = run.run_id
                where run.run_id = any(?)""", select -> {
            select.setArray(1, select.getConnection().createArrayOf("text", runIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getBoolean(2) ? State.PUBLISHED : State.STORED);
                }
            }
        });
        return states;
    }

    /** The stored result of {@code runId}. */
    @Transactional
    public Optional<RunCompleted> storedResult(String runId) {
        Run run = Run.findById(runId);
        if (run == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.treeToValue(run.result, RunCompleted.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored result does not read back", e);
        }
    }

    /**
     * Stores {@code records} (each unless a run of its id is stored already) and marks {@code published}
     * runs published (one narrow row each: the run's own row is not rewritten), in one statement: all of
     * it or none. The columns go as arrays, so the statement's
     * text is the same for any number of runs and stays prepared on the server.
     */
    public void write(List<RunRecord> records, List<String> published) {
        if (records.isEmpty() && published.isEmpty()) {
            return;
        }
        Columns columns = records.isEmpty() ? null : columns(records);
        String sql = records.isEmpty() ? MARK : published.isEmpty() ? STORE : STORE_AND_MARK;
        statement(sql, insert -> {
            Connection connection = insert.getConnection();
            int p = 1;
            if (!published.isEmpty()) {
                insert.setArray(p++, connection.createArrayOf("text", published.toArray()));
            }
            if (columns != null) {
                for (String[] column : columns.text()) {
                    insert.setArray(p++, connection.createArrayOf("text", column));
                }
                for (Integer[] column : columns.integers()) {
                    insert.setArray(p++, connection.createArrayOf("int4", column));
                }
                insert.setArray(p++, connection.createArrayOf("int8", columns.durations()));
                for (String[] column : columns.timesAndJson()) {
                    insert.setArray(p++, connection.createArrayOf("text", column));
                }
            }
            insert.executeUpdate();
        });
    }

    /** The run table's columns of {@code records}, as arrays (times and JSON as text, cast by the statement). */
    // Arrays bound to one statement as they are, never compared.
    @SuppressWarnings("ArrayRecordComponent")
    private record Columns(String[][] text, Integer[][] integers, Long[] durations, String[][] timesAndJson) {}

    private Columns columns(List<RunRecord> records) {
        int n = records.size();
        var columns = new Columns(new String[10][n], new Integer[2][n], new Long[n], new String[4][n]);
        try {
            for (int i = 0; i < n; i++) {
                RunCompleted r = records.get(i).result();
                columns.text()[0][i] = r.runId();
                columns.text()[1][i] = r.workspaceId();
                columns.text()[2][i] = r.mode().wireName();
                columns.text()[3][i] = r.actionId();
                columns.text()[4][i] = r.triggerId();
                columns.text()[5][i] = r.invocationId();
                columns.text()[6][i] = r.sourceEventId();
                columns.text()[7][i] = r.conversationId();
                columns.text()[8][i] = r.status();
                columns.text()[9][i] = r.error() == null ? null : r.error().type();
                columns.integers()[0][i] = r.actionVersion();
                columns.integers()[1][i] = r.httpStatus();
                columns.durations()[i] = r.durationMs();
                columns.timesAndJson()[0][i] = r.startedAt().toString();
                columns.timesAndJson()[1][i] = r.finishedAt().toString();
                columns.timesAndJson()[2][i] =
                        mapper.writeValueAsString(records.get(i).detail());
                columns.timesAndJson()[3][i] = new String(records.get(i).resultJson(), StandardCharsets.UTF_8);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A run does not serialize", e);
        }
        return columns;
    }

    /**
     * Runs one statement on a pooled connection in autocommit. Each run log step is one statement,
     * atomic by itself, so it goes without a transaction around it: one round trip to PostgreSQL, no
     * BEGIN and COMMIT, no transaction manager and no persistence context. At the run log's rate of
     * small batches those cost more than the statements.
     */
    private void statement(String sql, StatementWork work) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            work.accept(statement);
        } catch (SQLException e) {
            throw new RunLogException(e);
        }
    }

    @FunctionalInterface
    private interface StatementWork {
        void accept(PreparedStatement statement) throws SQLException;
    }

    /** A run log statement failed; its cause says why (the pipeline retries while the database is down). */
    static final class RunLogException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunLogException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The runs matching {@code query}, newest first. */
    @Transactional
    public List<Run> find(RunQuery query) {
        var where = new StringBuilder("workspaceId = :workspace");
        var params = new HashMap<String, Object>();
        params.put("workspace", query.workspaceId());
        if (query.actionId() != null) {
            where.append(" and actionId = :action");
            params.put("action", query.actionId());
        }
        if (query.status() != null) {
            where.append(" and status = :status");
            params.put("status", query.status());
        }
        if (query.errorType() != null) {
            where.append(" and errorType = :errorType");
            params.put("errorType", query.errorType());
        }
        if (query.conversationId() != null) {
            where.append(" and conversationId = :conversation");
            params.put("conversation", query.conversationId());
        }
        if (query.from() != null) {
            where.append(" and startedAt >= :from");
            params.put("from", query.from());
        }
        if (query.to() != null) {
            where.append(" and startedAt < :to");
            params.put("to", query.to());
        }
        if (query.beforeStartedAt() != null) {
            where.append(" and (startedAt < :beforeAt or (startedAt = :beforeAt and runId < :beforeId))");
            params.put("beforeAt", query.beforeStartedAt());
            params.put("beforeId", query.beforeRunId());
        }
        return Run.<Run>find(where + " order by startedAt desc, runId desc", params)
                .page(0, query.limit())
                .list();
    }

    /** One run of the workspace. */
    @Transactional
    public Optional<Run> get(String workspaceId, String runId) {
        return Run.<Run>find("workspaceId = ?1 and runId = ?2", workspaceId, runId)
                .firstResultOptional();
    }

    /** The ids of the runs that re-ran run {@code runId}, oldest first. */
    @Transactional
    // A native query of one text column answers strings; the API types the list raw.
    @SuppressWarnings("unchecked")
    public List<String> reruns(String workspaceId, String runId) {
        return em.createNativeQuery("""
                        select run_id from run where workspace_id = ?1 and detail -> 'about' ->> 'rerun_of' = ?2
                        order by started_at""")
                .setParameter(1, workspaceId)
                .setParameter(2, runId)
                .getResultList();
    }

    /** Deletes runs older than the retention, every hour. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        Instant before = Instant.now().minus(config.runRetention());
        int deleted = em.createNativeQuery("delete from run where finished_at < ?1")
                .setParameter(1, before)
                .executeUpdate();
        em.createNativeQuery("delete from run_published where published_at < ?1")
                .setParameter(1, before)
                .executeUpdate();
        if (deleted > 0) {
            Log.infof("Purged %d runs finished before %s", deleted, before);
        }
    }
}
