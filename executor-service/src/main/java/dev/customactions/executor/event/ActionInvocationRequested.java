package dev.customactions.executor.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.customactions.action.ActionDefinition;
import java.util.Map;

/**
 * The fields of an {@code action.invocations} record the executor reads (the definitions service
 * owns the schema): a test run of a draft ({@code definition} given) or an on-demand run of the
 * live version ({@code definition} null), with its inputs and context values, for a test
 * against a pasted sample, the {@code mock_response}, and for an agent's call, the calling token
 * ({@code requested_by}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActionInvocationRequested(
        String invocationId,
        String workspaceId,
        RunMode mode,
        String actionId,
        String actionName,
        Integer actionVersion,
        ActionDefinition definition,
        Map<String, JsonNode> inputs,
        Map<String, JsonNode> context,
        String conversationId,
        String contactId,
        JsonNode mockResponse,
        String requestedBy) {}
