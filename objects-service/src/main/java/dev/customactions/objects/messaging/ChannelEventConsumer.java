package dev.customactions.objects.messaging;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.common.failure.Failures;
import dev.customactions.common.messaging.DeadLetters;
import dev.customactions.objects.conversation.ConversationActivity;
import dev.customactions.objects.event.ChannelEventReceived;
import dev.customactions.objects.rejection.Rejections;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;

/**
 * Applies {@code channel.events} to contacts and conversations, once each: the effect and the
 * inbox mark commit together, and the offset is committed only after that. While the database is
 * unavailable ({@link Failures#isTransient}) the record is retried (backing off up to 10 s) and the
 * partition waits, so nothing is skipped; a record that can't be applied (unreadable, or refused by
 * the database: a data error) goes to {@code channel.events.dlq} with the reason and the stream moves on.
 */
@ApplicationScoped
public class ChannelEventConsumer {

    /** Incoming channel of {@code channel.events}. */
    public static final String CHANNEL = "channel-events";

    private final ConversationActivity activity;
    private final ObjectMapper mapper;
    private final Rejections rejections;

    ChannelEventConsumer(ConversationActivity activity, ObjectMapper mapper, Rejections rejections) {
        this.activity = activity;
        this.mapper = mapper;
        this.rejections = rejections;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = -1, delay = 200, jitter = 100, maxDuration = 0)
    @RetryWhen(exception = Failures.Transient.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public void consume(ConsumerRecord<String, String> record) throws JsonProcessingException {
        try {
            ChannelEventReceived event = mapper.readValue(record.value(), ChannelEventReceived.class);
            activity.applyOnce(CHANNEL, record, event).ifPresent(rejection -> rejections.count(List.of(rejection)));
        } catch (JsonProcessingException | RuntimeException e) {
            if (!Failures.isTransient(e)) {
                DeadLetters.counted(record.topic(), e);
            }
            throw e;
        }
    }
}
