package dev.customactions.executor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.common.messaging.Inbox;
import dev.customactions.executor.ReceivedEvent;
import dev.customactions.executor.event.ChannelEventReceived;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Takes in {@code channel.events}, once each (inbox mark and effect in one transaction, offset
 * committed after). No action is bound to events yet, so each event matches no trigger.
 */
@ApplicationScoped
public class ChannelEventConsumer {

    /** Incoming channel of {@code channel.events}. */
    public static final String CHANNEL = "channel-events";

    private final Inbox inbox;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;

    ChannelEventConsumer(Inbox inbox, ObjectMapper mapper, MeterRegistry registry) {
        this.inbox = inbox;
        this.mapper = mapper;
        this.registry = registry;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) throws JsonProcessingException {
        ChannelEventReceived event = mapper.readValue(record.value(), ChannelEventReceived.class);
        if (!inbox.firstDelivery(CHANNEL, record)) {
            return;
        }
        var received = new ReceivedEvent();
        received.eventId = Inbox.messageId(record);
        received.workspaceId = event.workspaceId();
        received.kind = event.kind();
        received.conversationId = event.conversationId();
        received.sourceEventId = event.eventId();
        received.receivedAt = event.receivedAt();
        received.matchedTriggers = 0;
        received.persist();
        registry.counter("executor.channel.events", "kind", String.valueOf(event.kind())).increment();
    }
}
