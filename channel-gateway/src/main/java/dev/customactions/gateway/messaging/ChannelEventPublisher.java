package dev.customactions.gateway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.CloudEventProducer;
import dev.customactions.common.kafka.KafkaConfig;
import dev.customactions.common.kafka.Topics;
import dev.customactions.gateway.GatewayConfig;
import dev.customactions.gateway.Ids;
import dev.customactions.gateway.event.EventAccepted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Publishes accepted events on {@code channel.events} as CloudEvents in binary mode; each
 * publication completes only once Kafka acknowledged it ({@code acks=all}, idempotent producer),
 * or fails within the publish timeout.
 * <p>
 * A plain Kafka producer, called from the request's own thread: the front door's hot path, where
 * every hop between threads costs throughput.
 */
@Startup
@ApplicationScoped
public class ChannelEventPublisher {

    private final CloudEventProducer producer;
    private final ObjectMapper mapper;
    private final Timer publishTime;

    ChannelEventPublisher(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            ObjectMapper mapper,
            GatewayConfig config,
            KafkaConfig kafkaConfig,
            MeterRegistry registry) {
        this.mapper = mapper;
        this.publishTime = Timer.builder("gateway.events.publish")
                .description("Time from sending an event to Kafka's acknowledgement")
                .register(registry);
        // send() runs on an event loop: it may block only briefly, when the buffer is full or the
        // topic's metadata is not known yet (it is fetched below, at start).
        this.producer = new CloudEventProducer(
                "channel-gateway-events", kafka, config.publishTimeoutMs(), 100, kafkaConfig.linger());
        try {
            producer.warmUp(Topics.CHANNEL_EVENTS);
        } catch (TimeoutException e) {
            Log.warnf("No metadata for %s yet; the first events may wait for it", Topics.CHANNEL_EVENTS);
        }
    }

    @PreDestroy
    void close() {
        producer.close();
    }

    /** The Kafka record of {@code event}: its JSON and CloudEvents headers (built on the caller's thread). */
    public ProducerRecord<String, byte[]> record(EventAccepted event) {
        byte[] data;
        try {
            data = mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize an accepted event", e);
        }
        return CloudEventProducer.record(
                Topics.CHANNEL_EVENTS,
                event.key(),
                new CloudEventProducer.Envelope(
                        Ids.cloudEventId(event.workspaceId(), event.eventId()),
                        "channel-gateway",
                        EventAccepted.TYPE,
                        event.kind(),
                        event.receivedAt()),
                data);
    }

    /**
     * Publishes {@code record}; the answer completes once Kafka acknowledged it, or fails with
     * {@link PublishFailedException} when it did not within the publish timeout.
     */
    // whenComplete's own future is not needed: its callback completes the answer.
    @SuppressWarnings("FutureReturnValueIgnored")
    public CompletableFuture<Void> publish(ProducerRecord<String, byte[]> record) {
        long start = System.nanoTime();
        var ack = new CompletableFuture<Void>();
        producer.publish(record).whenComplete((ok, failure) -> {
            if (failure == null) {
                publishTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                ack.complete(null);
            } else {
                ack.completeExceptionally(new PublishFailedException(failure));
            }
        });
        return ack;
    }
}
