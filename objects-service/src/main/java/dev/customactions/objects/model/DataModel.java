package dev.customactions.objects.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data model of some workspaces as one transaction sees it: custom data attributes of contacts
 * and conversations, custom object types and their attributes. Writes are checked against it.
 */
public final class DataModel {

    /** A custom attribute: of a contact, of a conversation or of a custom object type. */
    public record Attribute(
            String name,
            DataType type,
            List<String> options,
            boolean messengerWritable,
            boolean actionWritable,
            boolean archived) {}

    /** A custom object type with its attributes by name. */
    public record ObjectType(String identifier, boolean archived, Map<String, Attribute> attributes) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Map<String, Attribute>> attributes = new HashMap<>();
    private final Map<String, ObjectType> types = new HashMap<>();

    private DataModel() {}

    /** Reads the data model of {@code workspaceIds} on {@code connection}. */
    public static DataModel load(Connection connection, Collection<String> workspaceIds) throws SQLException {
        var model = new DataModel();
        if (workspaceIds.isEmpty()) {
            return model;
        }
        var workspaces = connection.createArrayOf("text", workspaceIds.toArray());
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT workspace_id, model, name, data_type, options, messenger_writable, action_writable, archived
                FROM data_attribute WHERE workspace_id = ANY(?)""")) {
            statement.setArray(1, workspaces);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    var attribute = new Attribute(
                            rows.getString(3),
                            DataType.of(rows.getString(4)).orElseThrow(),
                            options(rows.getString(5)),
                            rows.getBoolean(6),
                            rows.getBoolean(7),
                            rows.getBoolean(8));
                    model.attributes
                            .computeIfAbsent(key(rows.getString(1), rows.getString(2)), k -> new HashMap<>())
                            .put(attribute.name(), attribute);
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT t.workspace_id, t.identifier, t.archived, a.name, a.data_type, a.archived
                FROM custom_object_type t LEFT JOIN custom_object_attribute a ON a.type_id = t.id
                WHERE t.workspace_id = ANY(?)""")) {
            statement.setArray(1, workspaces);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String key = key(rows.getString(1), rows.getString(2));
                    ObjectType type = model.types.get(key);
                    if (type == null) {
                        type = new ObjectType(rows.getString(2), rows.getBoolean(3), new HashMap<>());
                        model.types.put(key, type);
                    }
                    String name = rows.getString(4);
                    if (name != null) {
                        type.attributes()
                                .put(
                                        name,
                                        new Attribute(
                                                name,
                                                DataType.of(rows.getString(5)).orElseThrow(),
                                                List.of(),
                                                false,
                                                true,
                                                rows.getBoolean(6)));
                    }
                }
            }
        }
        return model;
    }

    /** The custom attribute {@code name} of {@code model} ({@code contact} or {@code conversation}). */
    public Optional<Attribute> attribute(String workspaceId, String model, String name) {
        return Optional.ofNullable(
                attributes.getOrDefault(key(workspaceId, model), Map.of()).get(name));
    }

    /** The custom object type {@code identifier}. */
    public Optional<ObjectType> type(String workspaceId, String identifier) {
        return Optional.ofNullable(types.get(key(workspaceId, identifier)));
    }

    private static String key(String workspaceId, String name) {
        return workspaceId + '\u0000' + name;
    }

    private static List<String> options(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable options of a data attribute: " + json, e);
        }
    }
}
