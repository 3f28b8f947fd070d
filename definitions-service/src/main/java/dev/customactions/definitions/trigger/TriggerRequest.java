package dev.customactions.definitions.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Body of {@code POST /triggers} and {@code PUT /triggers/{id}}. */
public record TriggerRequest(
        String name,
        UUID actionId,
        List<String> eventKinds,
        TriggerCondition condition,
        Map<String, JsonNode> inputBindings,
        Boolean enabled) {}
