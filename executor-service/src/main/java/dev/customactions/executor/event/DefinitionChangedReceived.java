package dev.customactions.executor.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.customactions.action.ActionDefinition;
import java.util.List;
import java.util.Map;

/** The fields of a {@code definitions.changes} record the executor reads (the definitions service owns the schema). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DefinitionChangedReceived(String workspaceId, String kind, String id, int version, JsonNode definition) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Action(String name, int liveVersion, ActionDefinition definition, boolean availableToAgents) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Trigger(
            String name,
            String actionId,
            List<String> eventKinds,
            Condition condition,
            Map<String, JsonNode> inputBindings) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Condition(String type, String value) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Connection(
            String name,
            String authType,
            List<String> allowedHosts,
            Map<String, String> settings,
            String sealedSecrets) {}
}
