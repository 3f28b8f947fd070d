package dev.customactions.objects.result;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.failure.Failures;
import dev.customactions.objects.ObjectsConfig;
import dev.customactions.objects.event.ActionResultReceived;
import dev.customactions.objects.model.AttributeCheck.Problem;
import dev.customactions.objects.model.DataModel;
import dev.customactions.objects.rejection.Rejections;
import dev.customactions.objects.rejection.WriteRejection;
import dev.customactions.objects.rest.RecordRuns;
import dev.customactions.objects.write.BatchWrites;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of action results in one transaction: each result's run id is marked together
 * with its effect, so a redelivered result changes nothing; a result whose writes don't validate
 * is marked rejected and recorded, and none of its writes is applied. Writes of the batch are
 * merged in order (a later result's value wins) and written with one statement per kind.
 */
@ApplicationScoped
public class ResultWriter {

    /** What a transaction did: counts, and the rejections to count in the metrics once committed. */
    public record Outcome(int applied, int duplicates, List<Rejections.Rejection> rejections) {

        static final Outcome NONE = new Outcome(0, 0, List.of());

        Outcome plus(Outcome other) {
            var all = new ArrayList<>(rejections);
            all.addAll(other.rejections);
            return new Outcome(applied + other.applied, duplicates + other.duplicates, all);
        }
    }

    private record InstanceKey(String workspaceId, String type, String externalId) {}

    private final AgroalDataSource dataSource;
    private final Rejections rejections;
    private final ObjectsConfig config;

    ResultWriter(AgroalDataSource dataSource, Rejections rejections, ObjectsConfig config) {
        this.dataSource = dataSource;
        this.rejections = rejections;
        this.config = config;
    }

    /**
     * Applies {@code results} (live and successful, distinct run ids) all in one transaction.
     * Throws {@link WriteConflict} when the stored data refuses a write: nothing is applied then.
     */
    @Transactional
    public Outcome apply(List<ActionResultReceived> results) {
        if (results.isEmpty()) {
            return Outcome.NONE;
        }
        try (Connection connection = dataSource.getConnection()) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Set<String> workspaces = new LinkedHashSet<>();
            results.forEach(result -> workspaces.add(result.workspaceId()));
            DataModel model = DataModel.load(connection, workspaces);
            List<ResultCheck.Checked> checked = results.stream()
                    .map(result -> ResultCheck.check(result, model, config.maxStringLength()))
                    .toList();
            Set<String> fresh = markRuns(connection, checked, now);
            var valid = new ArrayList<ResultCheck.Checked>();
            var refused = new ArrayList<Rejections.Rejection>();
            for (ResultCheck.Checked result : checked) {
                if (!fresh.contains(runKey(result.result()))) {
                    continue;
                }
                if (result.valid()) {
                    valid.add(result);
                } else {
                    refused.add(rejection(result.result(), result.problems()));
                }
            }
            write(connection, valid, now);
            rejections.store(connection, refused, now);
            return new Outcome(valid.size(), results.size() - fresh.size(), refused);
        } catch (SQLException e) {
            if (Failures.isDataError(e)) {
                throw new WriteConflict(List.of(new Problem(ResultCheck.STORAGE_ERROR, "writes", e.getMessage())));
            }
            throw new StatementFailed(e);
        }
    }

    /** Marks {@code result} rejected for {@code problems} and records why, unless its run was handled before. */
    @Transactional
    public Outcome reject(ActionResultReceived result, List<Problem> problems) {
        try (Connection connection = dataSource.getConnection()) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            var checked = new ResultCheck.Checked(result, List.of(), problems);
            if (markRuns(connection, List.of(checked), now).isEmpty()) {
                return new Outcome(0, 1, List.of());
            }
            var rejection = rejection(result, problems);
            rejections.store(connection, List.of(rejection), now);
            return new Outcome(0, 0, List.of(rejection));
        } catch (SQLException e) {
            throw new StatementFailed(e);
        }
    }

    private void write(Connection connection, List<ResultCheck.Checked> results, Instant now) throws SQLException {
        Map<String, Map<List<String>, ObjectNode>> patches =
                Map.of("contact", new LinkedHashMap<>(), "conversation", new LinkedHashMap<>());
        Map<InstanceKey, ObjectNode> instances = new LinkedHashMap<>();
        Map<InstanceKey, Set<ResultCheck.Reference>> references = new HashMap<>();
        for (ResultCheck.Checked result : results) {
            String workspaceId = result.result().workspaceId();
            for (Object write : result.writes()) {
                if (write instanceof ResultCheck.AttributeWrite attributes) {
                    patches.get(attributes.model())
                            .computeIfAbsent(
                                    List.of(workspaceId, attributes.id()),
                                    k -> attributes.attributes().objectNode())
                            .setAll(attributes.attributes());
                } else if (write instanceof ResultCheck.ObjectWrite object) {
                    var key = new InstanceKey(workspaceId, object.type(), object.externalId());
                    instances
                            .computeIfAbsent(key, k -> object.attributes().objectNode())
                            .setAll(object.attributes());
                    references.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(object.references());
                }
            }
        }
        var conflicts = new ArrayList<Problem>();
        for (var table : List.of("contact", "conversation")) {
            var list = patches.get(table).entrySet().stream()
                    .map(e -> new BatchWrites.Patch(
                            e.getKey().get(0), e.getKey().get(1), e.getValue().toString()))
                    .toList();
            Set<String> written = BatchWrites.patch(connection, table, list, now);
            for (var patch : list) {
                if (!written.contains(patch.id())) {
                    conflicts.addAll(problemsOfWrite(results, table, patch.id()));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new WriteConflict(conflicts);
        }
        var upserts = instances.entrySet().stream()
                .map(e -> new BatchWrites.InstanceUpsert(
                        e.getKey().workspaceId(),
                        e.getKey().type(),
                        e.getKey().externalId(),
                        null,
                        null,
                        e.getValue().toString()))
                .toList();
        var upserted = BatchWrites.upsertInstances(connection, upserts, now);
        Map<String, Long> inserted = new HashMap<>();
        var links = new ArrayList<BatchWrites.Reference>();
        for (var instance : upserted) {
            if (instance.inserted()) {
                inserted.merge(instance.workspaceId(), 1L, Long::sum);
            }
            var key = new InstanceKey(instance.workspaceId(), instance.type(), instance.externalId());
            for (var reference : references.getOrDefault(key, Set.of())) {
                links.add(new BatchWrites.Reference(
                        instance.id(), instance.workspaceId(), reference.target(), reference.id()));
            }
        }
        BatchWrites.addUsage(connection, inserted).forEach((workspaceId, total) -> {
            if (total > config.maxInstancesPerWorkspace()) {
                conflicts.add(new Problem(
                        ResultCheck.LIMIT_EXCEEDED,
                        "writes",
                        "A workspace has at most " + config.maxInstancesPerWorkspace() + " custom object instances"));
            }
        });
        if (!conflicts.isEmpty()) {
            throw new WriteConflict(conflicts);
        }
        BatchWrites.addReferences(connection, links, now);
    }

    /** The problems naming the writes of {@code results} to {@code model} {@code id}, which is in another workspace. */
    private static List<Problem> problemsOfWrite(List<ResultCheck.Checked> results, String model, String id) {
        var problems = new ArrayList<Problem>();
        for (ResultCheck.Checked result : results) {
            var writes = result.result().writes();
            for (int i = 0; i < writes.size(); i++) {
                if (model.equals(writes.get(i).path("target").asText())
                        && id.equals(writes.get(i).path("id").asText())) {
                    problems.add(new Problem(
                            Rejections.OTHER_WORKSPACE,
                            "writes[" + i + "].id",
                            model + " " + id + " is not in this workspace"));
                }
            }
        }
        return problems;
    }

    /** Marks the runs of {@code results} handled; answers the run keys that were not marked before. */
    private static Set<String> markRuns(Connection connection, List<ResultCheck.Checked> results, Instant now)
            throws SQLException {
        forgetRejectedReplays(connection, results);
        var fresh = new HashSet<String>();
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO applied_run (workspace_id, run_id, outcome, processed_at, action_id, records)
                SELECT u.w, u.r, u.o, ?::timestamptz, u.a, string_to_array(u.n, chr(31))
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(w, r, o, a, n)
                ON CONFLICT DO NOTHING RETURNING workspace_id, run_id""")) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setArray(
                    2,
                    connection.createArrayOf(
                            "text",
                            results.stream().map(r -> r.result().workspaceId()).toArray()));
            statement.setArray(
                    3,
                    connection.createArrayOf(
                            "text",
                            results.stream().map(r -> r.result().runId()).toArray()));
            statement.setArray(
                    4,
                    connection.createArrayOf(
                            "text",
                            results.stream()
                                    .map(r -> r.valid() ? "applied" : "rejected")
                                    .toArray()));
            statement.setArray(
                    5,
                    connection.createArrayOf(
                            "text",
                            results.stream().map(r -> r.result().actionId()).toArray()));
            statement.setArray(
                    6,
                    connection.createArrayOf(
                            "text",
                            results.stream().map(ResultWriter::recordNames).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getString(1) + ':' + rows.getString(2));
                }
            }
        }
        return fresh;
    }

    /**
     * Forgets the rejection of the runs an operator replays (a run applied before stays applied): a
     * replayed result is checked again against the data model as it is now.
     */
    private static void forgetRejectedReplays(Connection connection, List<ResultCheck.Checked> results)
            throws SQLException {
        List<ActionResultReceived> replays = results.stream()
                .map(ResultCheck.Checked::result)
                .filter(ActionResultReceived::replay)
                .toList();
        if (replays.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                DELETE FROM applied_run a USING unnest(?::text[], ?::text[]) AS u(w, r)
                WHERE a.workspace_id = u.w AND a.run_id = u.r AND a.outcome = 'rejected'""")) {
            statement.setArray(
                    1,
                    connection.createArrayOf(
                            "text",
                            replays.stream()
                                    .map(ActionResultReceived::workspaceId)
                                    .toArray()));
            statement.setArray(
                    2,
                    connection.createArrayOf(
                            "text",
                            replays.stream().map(ActionResultReceived::runId).toArray()));
            statement.executeUpdate();
        }
    }

    /** The records a valid result writes, one string joined by the unit separator (none for a rejected one). */
    private static String recordNames(ResultCheck.Checked result) {
        if (!result.valid()) {
            return "";
        }
        var names = new LinkedHashSet<String>();
        for (Object write : result.writes()) {
            if (write instanceof ResultCheck.AttributeWrite attributes) {
                names.add(RecordRuns.record(attributes.model(), attributes.id()));
            } else if (write instanceof ResultCheck.ObjectWrite object) {
                names.add(RecordRuns.instance(object.type(), object.externalId()));
            }
        }
        return String.join("\u001f", names);
    }

    static String runKey(ActionResultReceived result) {
        return result.workspaceId() + ':' + result.runId();
    }

    private static Rejections.Rejection rejection(ActionResultReceived result, List<Problem> problems) {
        return new Rejections.Rejection(
                result.workspaceId(),
                WriteRejection.ACTION_RESULT,
                result.runId(),
                result.conversationId(),
                result.contactId(),
                result.actionId(),
                problems);
    }
}
