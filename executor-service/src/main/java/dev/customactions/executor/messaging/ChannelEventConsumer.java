package dev.customactions.executor.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.executor.event.ChannelEventReceived;
import dev.customactions.executor.run.RunService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Runs the triggers of each {@code channel.events} record: records of one conversation (one key)
 * in order, different conversations concurrently. A record is acknowledged when all its runs are
 * published, and the offset committed only past records that are all acknowledged (throttled
 * strategy), so a crash loses nothing. A record that can't be read goes to {@code channel.events.dlq}.
 */
@ApplicationScoped
public class ChannelEventConsumer {

    /** Incoming channel of {@code channel.events}. */
    public static final String CHANNEL = "channel-events";

    private final RunDispatcher dispatcher;
    private final RunService runs;
    private final ObjectMapper mapper;

    ChannelEventConsumer(RunDispatcher dispatcher, RunService runs, ObjectMapper mapper) {
        this.dispatcher = dispatcher;
        this.runs = runs;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<String> message) {
        return dispatcher.dispatch(
                message,
                ChannelEventReceived.class,
                mapper,
                event -> {
                    if (event.workspaceId() == null || event.eventId() == null || event.kind() == null) {
                        throw new IllegalArgumentException("workspace_id, event_id and kind are required");
                    }
                },
                runs::onEvent);
    }
}
