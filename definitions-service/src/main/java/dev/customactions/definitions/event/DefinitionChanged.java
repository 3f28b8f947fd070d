package dev.customactions.definitions.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.customactions.action.ActionDefinition;
import dev.customactions.definitions.action.Action;
import dev.customactions.definitions.connection.Connection;
import dev.customactions.definitions.trigger.Trigger;
import dev.customactions.definitions.trigger.TriggerCondition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The current live state of one definition, as published on the compacted topic
 * {@code definitions.changes} (key {@code workspace_id:kind:id}); a tombstone (null value, type
 * {@link #TYPE_DELETED}) when it is gone. Never carries a secret in clear: a connection's secrets
 * travel sealed, as stored, and only a service holding the secrets key (the executor) opens them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DefinitionChanged(
        String workspaceId, String kind, String id, int version, Instant changedAt, Object definition) {

    /** CloudEvents type of a definition created or changed. */
    public static final String TYPE_CHANGED = "dev.customactions.definition.changed";
    /** CloudEvents type of a definition deleted (the record is a tombstone). */
    public static final String TYPE_DELETED = "dev.customactions.definition.deleted";
    /** Kind of a connection reference. */
    public static final String CONNECTION = "connection";
    /** Kind of a live action. */
    public static final String ACTION = "action";
    /** Kind of a live trigger. */
    public static final String TRIGGER = "trigger";

    /**
     * What consumers know of a connection: where it may be sent, its settings, and its secrets
     * sealed ({@code SecretBox}, bound to {@code connection:<workspace id>:<id>}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConnectionReference(
            String name,
            String authType,
            List<String> allowedHosts,
            Map<String, String> settings,
            String sealedSecrets) {}

    /** A live action: its live version's number, name and definition, and whether agents may call it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LiveAction(String name, int liveVersion, ActionDefinition definition, boolean availableToAgents) {}

    /** A live trigger: which events run which action, on what condition, with which inputs. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LiveTrigger(
            String name,
            String actionId,
            List<String> eventKinds,
            TriggerCondition condition,
            Map<String, JsonNode> inputBindings) {}

    public String key() {
        return workspaceId + ":" + kind + ":" + id;
    }

    public static String key(UUID workspaceId, String kind, UUID id) {
        return workspaceId + ":" + kind + ":" + id;
    }

    public static DefinitionChanged action(Action action, int version, ActionDefinition definition) {
        return new DefinitionChanged(
                action.workspaceId.toString(),
                ACTION,
                action.id.toString(),
                version,
                action.updatedAt,
                new LiveAction(action.name, version, definition, action.availableToAgents));
    }

    public static DefinitionChanged trigger(
            Trigger trigger, TriggerCondition condition, Map<String, JsonNode> bindings) {
        return new DefinitionChanged(
                trigger.workspaceId.toString(),
                TRIGGER,
                trigger.id.toString(),
                trigger.version,
                trigger.updatedAt,
                new LiveTrigger(
                        trigger.name, trigger.actionId.toString(), trigger.eventKindList(), condition, bindings));
    }

    public static DefinitionChanged connection(Connection connection) {
        return new DefinitionChanged(
                connection.workspaceId.toString(),
                CONNECTION,
                connection.id.toString(),
                connection.version,
                connection.updatedAt,
                new ConnectionReference(
                        connection.name,
                        connection.type,
                        connection.allowedHostList(),
                        connection.settings,
                        connection.secrets));
    }
}
