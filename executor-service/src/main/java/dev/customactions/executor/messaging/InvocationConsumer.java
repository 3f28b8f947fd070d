package dev.customactions.executor.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.executor.event.ActionInvocationRequested;
import dev.customactions.executor.run.RunService;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Runs each {@code action.invocations} record (test runs and on-demand runs) once, in order per
 * key, and acknowledges it when its result is published. An unreadable record goes to
 * {@code action.invocations.dlq}.
 */
@ApplicationScoped
public class InvocationConsumer {

    /** Incoming channel of {@code action.invocations}. */
    public static final String CHANNEL = "action-invocations";

    private final RunDispatcher dispatcher;
    private final RunService runs;
    private final ObjectMapper mapper;

    InvocationConsumer(RunDispatcher dispatcher, RunService runs, ObjectMapper mapper) {
        this.dispatcher = dispatcher;
        this.runs = runs;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<String> message) {
        return dispatcher
                .dispatchInvocation(
                        message,
                        ActionInvocationRequested.class,
                        mapper,
                        invocation -> {
                            if (invocation.invocationId() == null
                                    || invocation.workspaceId() == null
                                    || invocation.actionId() == null) {
                                throw new IllegalArgumentException(
                                        "invocation_id, workspace_id and action_id are required");
                            }
                        },
                        (invocation, trace) ->
                                runs.onInvocation(invocation, trace).replaceWithVoid())
                // Never a failed stage, which would end the stream: a record whose dead letter could not be
                // written stays unacknowledged (its offset is not committed past) and the consumer goes on.
                .exceptionally(failure -> {
                    Log.errorf(failure, "Taking an invocation failed");
                    return null;
                });
    }
}
