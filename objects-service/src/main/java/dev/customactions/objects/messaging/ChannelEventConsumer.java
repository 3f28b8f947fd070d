package dev.customactions.objects.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.failure.Failures;
import dev.customactions.common.messaging.Inbox;
import dev.customactions.objects.conversation.ConversationActivity;
import dev.customactions.objects.conversation.ConversationActivity.Delivery;
import dev.customactions.objects.event.ChannelEventReceived;
import dev.customactions.objects.rejection.Rejections;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies {@code channel.events} to contacts and conversations, once each, in batches (the records
 * one poll brings, in partition order): the effects and the inbox marks commit together in one
 * transaction, and the offsets are committed only after it. While the database is unavailable
 * ({@link Failures#isTransient}) the batch is retried and its partitions wait, so nothing is
 * skipped. A record that can't be applied (unreadable, or refused by the database: a data error)
 * goes to {@code channel.events.dlq} with the reason and the stream moves on: when a batch fails,
 * its records are applied one by one, so only the one at fault is dead-lettered.
 */
@ApplicationScoped
public class ChannelEventConsumer {

    /** Incoming channel of {@code channel.events}. */
    public static final String CHANNEL = "channel-events";

    private final ConversationActivity activity;
    private final ObjectMapper mapper;
    private final Rejections rejections;
    private final Tracer tracer;

    ChannelEventConsumer(ConversationActivity activity, ObjectMapper mapper, Rejections rejections, Tracer tracer) {
        this.activity = activity;
        this.mapper = mapper;
        this.rejections = rejections;
        this.tracer = tracer;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Batches.consume(
                batch,
                record -> new Delivery(messageId(record), read(record.getPayload())),
                deliveries -> {
                    rejections.count(activity.applyOnce(CHANNEL, deliveries));
                    return Map.of();
                },
                tracer);
    }

    private ChannelEventReceived read(String json) throws JsonProcessingException {
        if (json == null) {
            throw new IllegalArgumentException("no value");
        }
        return mapper.readValue(json, ChannelEventReceived.class);
    }

    private static String messageId(KafkaRecord<String, String> record) {
        ConsumerRecord<?, ?> consumed = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("A record without its Kafka metadata"));
        return Inbox.messageId(consumed);
    }
}
