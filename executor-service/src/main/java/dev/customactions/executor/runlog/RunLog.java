package dev.customactions.executor.runlog;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.executor.ExecutorConfig;
import dev.customactions.executor.event.RunCompleted;
import dev.customactions.executor.run.RunRecord;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

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
        NONE, STORED, PUBLISHED
    }

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final ExecutorConfig config;

    RunLog(EntityManager em, ObjectMapper mapper, ExecutorConfig config) {
        this.em = em;
        this.mapper = mapper;
        this.config = config;
    }

    /** How far each of {@code runIds} has come, in one query. */
    @Transactional
    public Map<String, State> states(List<String> runIds) {
        var states = new HashMap<String, State>();
        runIds.forEach(runId -> states.put(runId, State.NONE));
        em.unwrap(Session.class).doWork(connection -> {
            Array ids = connection.createArrayOf("text", runIds.toArray());
            try (PreparedStatement select = connection.prepareStatement("""
                    select run.run_id, run_published.run_id is not null from run
                    left join run_published on run_published.run_id = run.run_id
                    where run.run_id = any(?)""")) {
                select.setArray(1, ids);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        states.put(rows.getString(1), rows.getBoolean(2) ? State.PUBLISHED : State.STORED);
                    }
                }
            } finally {
                ids.free();
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

    /** Stores finished runs in one transaction (one JDBC batch), each unless a run of its id is stored already. */
    @Transactional
    public void storeAll(List<RunRecord> records) {
        var rows = new ArrayList<String[]>(records.size());
        try {
            for (RunRecord record : records) {
                rows.add(new String[] { mapper.writeValueAsString(record.detail()), new String(record.resultJson(), StandardCharsets.UTF_8) });
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A run does not serialize", e);
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into run (run_id, workspace_id, mode, action_id, action_version, trigger_id, invocation_id,
                        source_event_id, conversation_id, status, error_type, http_status, duration_ms, started_at,
                        finished_at, detail, result)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))
                    on conflict (run_id) do nothing""")) {
                for (int i = 0; i < records.size(); i++) {
                    RunCompleted r = records.get(i).result();
                    insert.setString(1, r.runId());
                    insert.setString(2, r.workspaceId());
                    insert.setString(3, r.mode());
                    insert.setString(4, r.actionId());
                    insert.setObject(5, r.actionVersion(), Types.INTEGER);
                    insert.setString(6, r.triggerId());
                    insert.setString(7, r.invocationId());
                    insert.setString(8, r.sourceEventId());
                    insert.setString(9, r.conversationId());
                    insert.setString(10, r.status());
                    insert.setString(11, r.error() == null ? null : r.error().type());
                    insert.setObject(12, r.httpStatus(), Types.INTEGER);
                    insert.setLong(13, r.durationMs());
                    insert.setObject(14, r.startedAt().atOffset(ZoneOffset.UTC));
                    insert.setObject(15, r.finishedAt().atOffset(ZoneOffset.UTC));
                    insert.setString(16, rows.get(i)[0]);
                    insert.setString(17, rows.get(i)[1]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** Marks {@code runIds} published, in one statement (one narrow row each: the run's own row is not rewritten). */
    @Transactional
    public void markPublished(List<String> runIds) {
        em.unwrap(Session.class).doWork(connection -> {
            Array ids = connection.createArrayOf("text", runIds.toArray());
            try (PreparedStatement update = connection.prepareStatement("""
                    insert into run_published (run_id, published_at) select unnest(?), now()
                    on conflict (run_id) do nothing""")) {
                update.setArray(1, ids);
                update.executeUpdate();
            } finally {
                ids.free();
            }
        });
    }

    /** The runs matching {@code query}, newest first. */
    @Transactional
    public List<Run> find(RunQuery query) {
        var where = new StringBuilder("workspaceId = :workspace");
        var params = new java.util.HashMap<String, Object>();
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
        return Run.<Run> find(where + " order by startedAt desc, runId desc", params).page(0, query.limit()).list();
    }

    /** One run of the workspace. */
    @Transactional
    public Optional<Run> get(String workspaceId, String runId) {
        return Run.<Run> find("workspaceId = ?1 and runId = ?2", workspaceId, runId).firstResultOptional();
    }

    /** Deletes runs older than the retention, every hour. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        Instant before = Instant.now().minus(config.runRetention());
        int deleted = em.createNativeQuery("delete from run where finished_at < ?1").setParameter(1, before).executeUpdate();
        em.createNativeQuery("delete from run_published where published_at < ?1").setParameter(1, before).executeUpdate();
        if (deleted > 0) {
            Log.infof("Purged %d runs finished before %s", deleted, before);
        }
    }
}
