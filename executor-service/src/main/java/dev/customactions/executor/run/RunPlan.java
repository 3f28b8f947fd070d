package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.executor.event.RunMode;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything one run needs: its id and cause, the action version to run, where its inputs come
 * from (evaluated when it runs, failing the run if they don't type-check), the context values
 * templates may name ({@code contact.email}, {@code conversation.id}, ...) and, for a test against a
 * pasted sample, the response to use instead of calling; the token that asked for it (an agent's
 * call or a re-run) and the run it re-runs; {@code trace} is the trace context of
 * what caused it (the record's {@code traceparent}), the parent of the run's span.
 */
public record RunPlan(
        String runId,
        RunMode mode,
        String workspaceId,
        String actionId,
        Integer actionVersion,
        String actionName,
        ActionDefinition spec,
        String triggerId,
        String triggerName,
        String invocationId,
        String sourceEventId,
        String conversationId,
        String contactId,
        Supplier<Map<String, JsonNode>> inputs,
        Map<String, JsonNode> context,
        JsonNode mockResponse,
        String requestedBy,
        String rerunOf,
        Context trace) {}
