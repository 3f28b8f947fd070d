package dev.customactions.definitions.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.InputType;
import dev.customactions.action.Placeholders;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.error.ErrorList;
import dev.customactions.definitions.DefinitionsConfig;
import dev.customactions.definitions.event.ActionInvocationRequested;
import dev.customactions.definitions.messaging.InvocationPublisher;
import dev.customactions.definitions.messaging.TestRunReplies;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Runs an action now through the executor: a test of the current draft, for real (or against a
 * pasted sample), answered with what happened; or an on-demand run of the live version. Inputs are
 * checked here first, each of its input's type exactly, so a mistake is a 400 naming the input.
 */
@ApplicationScoped
public class ActionInvocations {

    private static final Duration MARGIN = Duration.ofSeconds(15);

    private final ActionService actions;
    private final InvocationPublisher publisher;
    private final TestRunReplies replies;
    private final DefinitionsConfig config;

    ActionInvocations(
            ActionService actions, InvocationPublisher publisher, TestRunReplies replies, DefinitionsConfig config) {
        this.actions = actions;
        this.publisher = publisher;
        this.replies = replies;
        this.config = config;
    }

    /** Tests the draft of action {@code id}; completes with the executor's result. */
    public CompletionStage<JsonNode> test(UUID workspaceId, UUID id, InvocationRequest request) {
        Action action = actions.get(workspaceId, id);
        ActionDefinition draft = actions.draft(action);
        check(draft, request, true);
        var invocation = invocation(workspaceId, action, "test", draft, request);
        return runAndAwait(invocation, draft, "test run").thenApply(result -> {
            ObjectNode answer = ((ObjectNode) result).deepCopy();
            answer.put("type", "action_test");
            return answer;
        });
    }

    /**
     * Runs the live version {@code liveVersion} ({@code definition}) of action {@code actionId} for an AI
     * agent's call by token {@code tokenId}: inputs checked as for any invocation (a 400
     * {@link ApiException} naming the input), then a run in mode {@code agent}, stored and written as a
     * live run is; completes with its result (as on {@code action.results}).
     */
    public CompletionStage<JsonNode> callAsAgent(
            String workspaceId,
            String actionId,
            String actionName,
            int liveVersion,
            ActionDefinition definition,
            InvocationRequest request,
            String tokenId) {
        check(definition, request, false);
        var invocation = new ActionInvocationRequested(
                UUID.randomUUID().toString(),
                workspaceId,
                "agent",
                actionId,
                actionName,
                liveVersion,
                null,
                request.inputs() == null ? Map.of() : request.inputs(),
                request.context() == null ? Map.of() : request.context(),
                request.conversationId(),
                request.contactId(),
                null,
                Instant.now(),
                tokenId);
        return runAndAwait(invocation, definition, "call");
    }

    /**
     * Publishes {@code invocation} and completes with the executor's result, waiting for it as long as the
     * action's timeout and retry budget allow, plus a margin (then a 504); a 503 when Kafka can't take it.
     */
    private CompletionStage<JsonNode> runAndAwait(
            ActionInvocationRequested invocation, ActionDefinition definition, String what) {
        long waitMs = definition.longestRunMs(config.defaultTimeoutMs()) + MARGIN.toMillis();
        if (!replies.awaitReady(Duration.ofSeconds(10))) {
            throw new ApiException(
                    503,
                    ErrorCodes.SERVICE_UNAVAILABLE,
                    "The results of runs can't be followed yet; retry shortly",
                    null);
        }
        CompletableFuture<JsonNode> reply = replies.await(invocation.invocationId(), Duration.ofMillis(waitMs));
        return publisher
                .publish(invocation)
                .exceptionally(failure -> {
                    reply.cancel(false);
                    throw new ApiException(
                            503,
                            ErrorCodes.SERVICE_UNAVAILABLE,
                            "Kafka did not take the " + what + "; retry shortly",
                            null);
                })
                .thenCompose(published -> reply)
                .handle((result, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        if (cause instanceof ApiException api) {
                            throw api;
                        }
                        if (cause instanceof TimeoutException) {
                            throw new ApiException(
                                    504,
                                    "executor_timeout",
                                    "The executor did not report the " + what + " within " + waitMs + " ms",
                                    null);
                        }
                        throw new IllegalStateException(cause);
                    }
                    return result;
                });
    }

    /** Asks for a run of the live version of action {@code id}; completes once Kafka took the request. */
    public CompletionStage<ActionInvocationRequested> invoke(UUID workspaceId, UUID id, InvocationRequest request) {
        Action action = actions.get(workspaceId, id);
        if (action.state != ActionState.LIVE) {
            throw ApiException.conflict(
                    "state", "Only a live action can be invoked; test a draft with POST /actions/{id}/test");
        }
        check(actions.current(action), request, false);
        var invocation = invocation(workspaceId, action, "live", null, request);
        return publisher.publish(invocation).handle((ok, failure) -> {
            if (failure != null) {
                throw new ApiException(
                        503, ErrorCodes.SERVICE_UNAVAILABLE, "Kafka did not take the invocation; retry shortly", null);
            }
            return invocation;
        });
    }

    private static ActionInvocationRequested invocation(
            UUID workspaceId, Action action, String mode, ActionDefinition definition, InvocationRequest request) {
        return new ActionInvocationRequested(
                UUID.randomUUID().toString(),
                workspaceId.toString(),
                mode,
                action.id.toString(),
                action.name,
                "test".equals(mode) ? null : action.liveVersion,
                definition,
                request.inputs() == null ? Map.of() : request.inputs(),
                request.context() == null ? Map.of() : request.context(),
                request.conversationId(),
                request.contactId(),
                request.mockResponse(),
                Instant.now(),
                null);
    }

    private static void check(ActionDefinition definition, InvocationRequest request, boolean test) {
        var errors = new ArrayList<ErrorList.Error>();
        Map<String, JsonNode> inputs = request.inputs() == null ? Map.of() : request.inputs();
        Map<String, DataInput> declared = new LinkedHashMap<>();
        definition.dataInputs().forEach(input -> declared.put(input.name(), input));
        inputs.forEach((name, value) -> {
            DataInput input = declared.get(name);
            if (input == null) {
                errors.add(ErrorList.Error.invalid("inputs." + name, "The action has no input '" + name + "'"));
            } else if (value != null && !value.isNull() && !InputType.accepts(input.type(), value)) {
                errors.add(ErrorList.Error.invalid(
                        "inputs." + name,
                        "inputs." + name + " must be a " + input.type()
                                + " (strictly: 3.0 is not an integer, \"true\" is not a boolean)"));
            }
        });
        declared.values().stream()
                .filter(input -> Boolean.TRUE.equals(input.required()))
                .filter(input ->
                        input.defaultValue() == null || input.defaultValue().isNull())
                .filter(input -> inputs.get(input.name()) == null
                        || inputs.get(input.name()).isNull())
                .forEach(input -> errors.add(ErrorList.Error.missing("inputs." + input.name())));
        Map<String, JsonNode> context = request.context() == null ? Map.of() : request.context();
        context.forEach((name, value) -> {
            if (!Placeholders.CONTEXT_VALUES.contains(name)) {
                errors.add(ErrorList.Error.invalid(
                        "context." + name,
                        "context." + name + " is not a context value (" + Placeholders.contextValueList() + ")"));
            } else if (value == null || !value.isTextual()) {
                errors.add(ErrorList.Error.invalid("context." + name, "context." + name + " must be a string"));
            }
        });
        if (!test && request.mockResponse() != null && !request.mockResponse().isNull()) {
            errors.add(ErrorList.Error.invalid("mock_response", "mock_response is only for tests"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, List.copyOf(errors));
        }
    }
}
