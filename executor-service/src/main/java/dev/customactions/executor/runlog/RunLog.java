package dev.customactions.executor.runlog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

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

    @Transactional
    public State state(String runId) {
        List<?> published = em.createNativeQuery("select published from run where run_id = ?1").setParameter(1, runId)
                .getResultList();
        if (published.isEmpty()) {
            return State.NONE;
        }
        return Boolean.TRUE.equals(published.get(0)) ? State.PUBLISHED : State.STORED;
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

    /** Stores a finished run unless a run of that id is stored already. */
    @Transactional
    public void store(RunRecord record) {
        RunCompleted r = record.result();
        try {
            em.createNativeQuery("""
                    insert into run (run_id, workspace_id, mode, action_id, action_version, trigger_id, invocation_id,
                        source_event_id, conversation_id, status, error_type, http_status, duration_ms, started_at,
                        finished_at, detail, result, published)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                        cast(?16 as jsonb), cast(?17 as jsonb), false)
                    on conflict (run_id) do nothing""")
                    .setParameter(1, r.runId())
                    .setParameter(2, r.workspaceId())
                    .setParameter(3, r.mode())
                    .setParameter(4, r.actionId())
                    .setParameter(5, r.actionVersion())
                    .setParameter(6, r.triggerId())
                    .setParameter(7, r.invocationId())
                    .setParameter(8, r.sourceEventId())
                    .setParameter(9, r.conversationId())
                    .setParameter(10, r.status())
                    .setParameter(11, r.error() == null ? null : r.error().type())
                    .setParameter(12, r.httpStatus())
                    .setParameter(13, r.durationMs())
                    .setParameter(14, r.startedAt())
                    .setParameter(15, r.finishedAt())
                    .setParameter(16, mapper.writeValueAsString(record.detail()))
                    .setParameter(17, mapper.writeValueAsString(r))
                    .executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A run does not serialize", e);
        }
    }

    @Transactional
    public void markPublished(String runId) {
        em.createNativeQuery("update run set published = true where run_id = ?1").setParameter(1, runId).executeUpdate();
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
        if (deleted > 0) {
            Log.infof("Purged %d runs finished before %s", deleted, before);
        }
    }
}
