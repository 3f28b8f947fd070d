package dev.customactions.objects.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.common.messaging.Inbox;
import dev.customactions.objects.conversation.ConversationActivity;
import dev.customactions.objects.event.ChannelEventReceived;
import io.smallrye.common.annotation.Blocking;

/**
 * Applies {@code channel.events} to contacts and conversations, once each: the effect and the
 * inbox mark commit together, and the offset is committed only after that.
 */
@ApplicationScoped
public class ChannelEventConsumer {

    /** Incoming channel of {@code channel.events}. */
    public static final String CHANNEL = "channel-events";

    private final Inbox inbox;
    private final ConversationActivity activity;
    private final ObjectMapper mapper;

    ChannelEventConsumer(Inbox inbox, ConversationActivity activity, ObjectMapper mapper) {
        this.inbox = inbox;
        this.activity = activity;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) throws JsonProcessingException {
        ChannelEventReceived event = mapper.readValue(record.value(), ChannelEventReceived.class);
        if (inbox.firstDelivery(CHANNEL, record)) {
            activity.apply(event);
        }
    }
}
