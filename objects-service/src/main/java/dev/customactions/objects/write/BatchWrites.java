package dev.customactions.objects.write;

import dev.customactions.action.ActionDefinition;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The statements that write custom attributes, instances, references and usage, each for many
 * rows in one round trip ({@code unnest} of arrays). Used by the API (one row) and by the
 * consumer of {@code action.results} (a batch); they run in the caller's transaction.
 * <p>
 * A custom attribute set to JSON null is removed: stored maps are merged with
 * {@code jsonb_strip_nulls(stored || patch)} on update; a row created by a patch may keep a null
 * until its next update, and the views leave nulls out.
 */
public final class BatchWrites {

    /** Custom attributes (a JSON object) to merge into a contact or conversation. */
    public record Patch(String workspaceId, String id, String attributesJson) {}

    /** An instance to create or update, by (workspace, type, external id). */
    public record InstanceUpsert(
            String workspaceId,
            String type,
            String externalId,
            Long externalCreatedAt,
            Long externalUpdatedAt,
            String attributesJson) {}

    /** The instance an upsert met or made. */
    public record UpsertedInstance(String id, String workspaceId, String type, String externalId, boolean inserted) {}

    /** A link of an instance to a contact or conversation. */
    public record Reference(String instanceId, String workspaceId, String target, String targetId) {}

    private BatchWrites() {}

    /**
     * Merges each patch into the custom attributes of the contact or conversation with that id,
     * creating it (with only its id and attributes) when it is not known yet. Answers the ids
     * written: an id missing from the answer belongs to another workspace and was left alone. Rows
     * are written in the order of their ids, as the consumer of channel events writes them, so two
     * transactions that meet on the same rows wait for each other instead of deadlocking.
     */
    public static Set<String> patch(Connection connection, String table, List<Patch> unordered, Instant now)
            throws SQLException {
        List<Patch> patches =
                unordered.stream().sorted(Comparator.comparing(Patch::id)).toList();
        if (!ActionDefinition.ObjectMapping.isModel(table)) {
            throw new IllegalArgumentException(table);
        }
        var written = new HashSet<String>();
        if (patches.isEmpty()) {
            return written;
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table
                + " AS t (id, workspace_id, custom_attributes, created_at, updated_at)"
                + " SELECT u.id, u.w, CAST(u.a AS jsonb), ?::timestamptz, ?::timestamptz FROM unnest(?::text[], ?::text[], ?::text[]) AS u(id, w, a)"
                + " ON CONFLICT (id) DO UPDATE SET"
                + " custom_attributes = jsonb_strip_nulls(t.custom_attributes || EXCLUDED.custom_attributes),"
                + " updated_at = EXCLUDED.updated_at"
                + " WHERE t.workspace_id = EXCLUDED.workspace_id RETURNING id")) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setArray(3, texts(connection, patches, Patch::id));
            statement.setArray(4, texts(connection, patches, Patch::workspaceId));
            statement.setArray(5, texts(connection, patches, Patch::attributesJson));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    written.add(rows.getString(1));
                }
            }
        }
        return written;
    }

    /** Creates or updates instances (attributes merged); at most one upsert per key. */
    public static List<UpsertedInstance> upsertInstances(
            Connection connection, List<InstanceUpsert> upserts, Instant now) throws SQLException {
        var result = new ArrayList<UpsertedInstance>();
        if (upserts.isEmpty()) {
            return result;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO custom_object_instance AS i (workspace_id, type, external_id, external_created_at,
                    external_updated_at, custom_attributes, created_at, updated_at)
                SELECT u.w, u.t, u.e, u.ec, u.eu, CAST(u.a AS jsonb), ?::timestamptz, ?::timestamptz
                FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[]) AS u(w, t, e, ec, eu, a)
                ON CONFLICT (workspace_id, type, external_id) DO UPDATE SET
                    custom_attributes = jsonb_strip_nulls(i.custom_attributes || EXCLUDED.custom_attributes),
                    external_created_at = COALESCE(EXCLUDED.external_created_at, i.external_created_at),
                    external_updated_at = COALESCE(EXCLUDED.external_updated_at, i.external_updated_at),
                    updated_at = EXCLUDED.updated_at
                RETURNING id, workspace_id, type, external_id, (xmax = 0)""")) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setArray(3, texts(connection, upserts, InstanceUpsert::workspaceId));
            statement.setArray(4, texts(connection, upserts, InstanceUpsert::type));
            statement.setArray(5, texts(connection, upserts, InstanceUpsert::externalId));
            statement.setArray(
                    6,
                    connection.createArrayOf(
                            "bigint",
                            upserts.stream()
                                    .map(InstanceUpsert::externalCreatedAt)
                                    .toArray()));
            statement.setArray(
                    7,
                    connection.createArrayOf(
                            "bigint",
                            upserts.stream()
                                    .map(InstanceUpsert::externalUpdatedAt)
                                    .toArray()));
            statement.setArray(8, texts(connection, upserts, InstanceUpsert::attributesJson));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(new UpsertedInstance(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getBoolean(5)));
                }
            }
        }
        return result;
    }

    /** Adds the references that are not there yet. */
    public static void addReferences(Connection connection, Collection<Reference> references, Instant now)
            throws SQLException {
        if (references.isEmpty()) {
            return;
        }
        var list = List.copyOf(references);
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO custom_object_reference (instance_id, workspace_id, target, target_id, created_at)
                SELECT u.i, u.w, u.t, u.x, ?::timestamptz FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(i, w, t, x)
                ON CONFLICT DO NOTHING""")) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setArray(2, texts(connection, list, Reference::instanceId));
            statement.setArray(3, texts(connection, list, Reference::workspaceId));
            statement.setArray(4, texts(connection, list, Reference::target));
            statement.setArray(5, texts(connection, list, Reference::targetId));
            statement.executeUpdate();
        }
    }

    /** Adds {@code deltas} to the instance counts of their workspaces; answers the new counts. */
    public static Map<String, Long> addUsage(Connection connection, Map<String, Long> deltas) throws SQLException {
        var totals = new HashMap<String, Long>();
        if (deltas.isEmpty()) {
            return totals;
        }
        var workspaces = new ArrayList<>(deltas.keySet());
        workspaces.sort(null);
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO workspace_usage AS w (workspace_id, instances)
                SELECT * FROM unnest(?::text[], ?::bigint[])
                ON CONFLICT (workspace_id) DO UPDATE SET instances = w.instances + EXCLUDED.instances
                RETURNING workspace_id, instances""")) {
            statement.setArray(1, connection.createArrayOf("text", workspaces.toArray()));
            statement.setArray(
                    2,
                    connection.createArrayOf(
                            "bigint", workspaces.stream().map(deltas::get).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    totals.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return totals;
    }

    static <T> Array texts(Connection connection, List<T> rows, Function<T, String> column) throws SQLException {
        return connection.createArrayOf("text", rows.stream().map(column).toArray());
    }
}
