package dev.customactions.definitions.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.customactions.action.ActionDefinition;
import java.time.Instant;
import java.util.Map;

/**
 * A request to run one action now, published on {@code action.invocations} (key
 * {@code workspace_id:conversation_id}, or {@code workspace_id:action_id} without a conversation).
 * {@code mode} test: the draft in {@code definition} runs and nothing is stored (with
 * {@code mock_response}, that sample stands in for the call). {@code mode} live: the executor runs
 * the live version it knows ({@code definition} is null). {@code mode} agent: an AI agent's
 * call of the live version through the MCP server, by token {@code requested_by}; stored and written as
 * a live run is, its result also answered on {@code action.test-results}. Sample in
 * {@code src/test/resources/contracts/action-invocation.json}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActionInvocationRequested(
        String invocationId,
        String workspaceId,
        String mode,
        String actionId,
        String actionName,
        Integer actionVersion,
        ActionDefinition definition,
        Map<String, JsonNode> inputs,
        Map<String, JsonNode> context,
        String conversationId,
        String contactId,
        JsonNode mockResponse,
        Instant requestedAt,
        String requestedBy) {

    /** CloudEvents type. */
    public static final String TYPE = "dev.customactions.action.invocation.requested";

    public String key() {
        return workspaceId + ":" + (conversationId != null ? conversationId : actionId);
    }
}
