package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.customactions.executor.definition.DefinitionCache;
import dev.customactions.executor.definition.LiveAction;
import dev.customactions.executor.definition.LiveTrigger;
import dev.customactions.executor.event.ActionInvocationRequested;
import dev.customactions.executor.event.ChannelEventReceived;
import dev.customactions.executor.event.RunCompleted;
import dev.customactions.executor.event.RunMode;
import dev.customactions.executor.runlog.Run;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns what arrives into runs: a channel event runs each live trigger it matches, one after the
 * other in a stable order; an invocation runs its action once (a test run of the draft it carries,
 * or the live version).
 */
@ApplicationScoped
public class RunService {

    private final DefinitionCache definitions;
    private final RunPipeline pipeline;
    private final MeterRegistry registry;

    RunService(DefinitionCache definitions, RunPipeline pipeline, MeterRegistry registry) {
        this.definitions = definitions;
        this.pipeline = pipeline;
        this.registry = registry;
    }

    /** Runs the triggers {@code event} matches; completes when every result is published. */
    public Uni<Void> onEvent(ChannelEventReceived event, Context trace) {
        List<LiveTrigger> triggers = definitions.matching(event);
        registry.counter(
                        "executor.events",
                        "kind",
                        String.valueOf(event.kind()),
                        "matched",
                        String.valueOf(!triggers.isEmpty()))
                .increment();
        if (triggers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, JsonNode> context = Bindings.context(event);
        if (triggers.size() == 1) {
            return run(event, triggers.get(0), context, trace);
        }
        return Multi.createFrom()
                .iterable(triggers)
                .onItem()
                .transformToUniAndConcatenate(trigger -> run(event, trigger, context, trace))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> run(
            ChannelEventReceived event, LiveTrigger trigger, Map<String, JsonNode> context, Context trace) {
        return definitions
                .action(event.workspaceId(), trigger.actionId())
                .map(action -> pipeline.execute(plan(event, trigger, action, context, trace))
                        .replaceWithVoid())
                .orElse(Uni.createFrom().voidItem());
    }

    /** Runs an invocation; completes when its result is published. */
    public Uni<RunCompleted> onInvocation(ActionInvocationRequested invocation, Context trace) {
        String runId = runId("invocation", invocation.workspaceId(), invocation.invocationId());
        boolean test = invocation.mode() == RunMode.TEST;
        LiveAction live = test
                ? null
                : definitions
                        .action(invocation.workspaceId(), invocation.actionId())
                        .orElse(null);
        var context = new HashMap<String, JsonNode>(invocation.context() == null ? Map.of() : invocation.context());
        context.put("workspace.id", TextNode.valueOf(invocation.workspaceId()));
        if (invocation.conversationId() != null) {
            context.putIfAbsent("conversation.id", TextNode.valueOf(invocation.conversationId()));
        }
        if (invocation.contactId() != null) {
            context.putIfAbsent("contact.id", TextNode.valueOf(invocation.contactId()));
        }
        Map<String, JsonNode> inputs = invocation.inputs() == null ? Map.of() : invocation.inputs();
        var spec = test ? invocation.definition() : live == null ? null : live.spec();
        var plan = new RunPlan(
                runId,
                invocation.mode(),
                invocation.workspaceId(),
                invocation.actionId(),
                test ? invocation.actionVersion() : live == null ? null : live.version(),
                test ? invocation.actionName() : live == null ? invocation.actionName() : live.name(),
                spec,
                null,
                null,
                invocation.invocationId(),
                null,
                invocation.conversationId(),
                invocation.contactId(),
                () -> {
                    if (spec == null) {
                        throw new RunFailure(RunFailure.INPUT_INVALID, "The action is not live");
                    }
                    return inputs;
                },
                context,
                test
                                && invocation.mockResponse() != null
                                && !invocation.mockResponse().isNull()
                        ? invocation.mockResponse()
                        : null,
                invocation.requestedBy(),
                null,
                trace);
        return pipeline.execute(plan);
    }

    /**
     * Runs again, as a new live run of the action's current live version, a run that failed
     * ({@code original}), asked by token {@code requestedBy}: the same inputs, context, conversation and
     * contact; a run whose inputs could not be bound is bound again by its trigger as it is now (so that
     * a corrected binding applies). Completes when its result is published.
     */
    public Uni<RunCompleted> rerun(Run original, String requestedBy) {
        LiveAction live = definitions
                .action(original.workspaceId, original.actionId)
                .orElseThrow(() -> new RunFailure(RunFailure.INPUT_INVALID, "The action is not live"));
        Map<String, JsonNode> context = new HashMap<>();
        original.detail.path("context").properties().forEach(e -> context.put(e.getKey(), e.getValue()));
        context.put("workspace.id", TextNode.valueOf(original.workspaceId));
        JsonNode recorded = original.detail.get("inputs");
        LiveTrigger trigger = original.triggerId == null
                ? null
                : definitions.trigger(original.workspaceId, original.triggerId).orElse(null);
        String contactId = original.result.path("contact_id").asText(null);
        var plan = new RunPlan(
                UUID.randomUUID().toString(),
                RunMode.LIVE,
                original.workspaceId,
                live.id(),
                live.version(),
                live.name(),
                live.spec(),
                original.triggerId,
                original.detail.path("about").path("trigger_name").asText(null),
                null,
                original.sourceEventId,
                original.conversationId,
                contactId,
                () -> {
                    if (recorded instanceof ObjectNode inputs) {
                        Map<String, JsonNode> values = new HashMap<>();
                        inputs.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
                        return values;
                    }
                    if (trigger != null) {
                        return Bindings.inputs(
                                trigger.inputBindings(), live.spec().dataInputs(), context);
                    }
                    return Map.of();
                },
                context,
                null,
                requestedBy,
                original.runId,
                Context.root());
        return pipeline.execute(plan);
    }

    private static RunPlan plan(
            ChannelEventReceived event,
            LiveTrigger trigger,
            LiveAction action,
            Map<String, JsonNode> context,
            Context trace) {
        String contactId = event.contact() == null ? null : event.contact().contactId();
        return new RunPlan(
                runId("event", event.workspaceId(), event.eventId() + ":" + trigger.id()),
                RunMode.LIVE,
                event.workspaceId(),
                action.id(),
                action.version(),
                action.name(),
                action.spec(),
                trigger.id(),
                trigger.name(),
                null,
                event.eventId(),
                event.conversationId(),
                contactId,
                () -> Bindings.inputs(trigger.inputBindings(), action.spec().dataInputs(), context),
                context,
                null,
                null,
                null,
                trace);
    }

    /** A run's id, derived from its cause, so the same cause always gives the same id. */
    static String runId(String cause, String workspaceId, String detail) {
        return UUID.nameUUIDFromBytes((cause + ":" + workspaceId + ":" + detail).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
