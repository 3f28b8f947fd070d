package dev.customactions.executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.customactions.common.messaging.Inbox;
import dev.customactions.executor.event.ChannelEventReceived;
import io.micrometer.core.instrument.MeterRegistry;

/** Takes in a channel event once: the inbox mark and the received event commit together. */
@ApplicationScoped
public class EventIntake {

    private final Inbox inbox;
    private final MeterRegistry registry;

    EventIntake(Inbox inbox, MeterRegistry registry) {
        this.inbox = inbox;
        this.registry = registry;
    }

    /** Records {@code event} unless {@code record} was taken in before. No action is bound to events yet. */
    @Transactional
    public void takeInOnce(String consumer, ConsumerRecord<?, ?> record, ChannelEventReceived event) {
        if (!inbox.firstDelivery(consumer, record)) {
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
