package dev.customactions.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.common.kafka.Topics;
import dev.customactions.gateway.GatewayConfig;
import dev.customactions.gateway.Ids;
import dev.customactions.gateway.event.EventAccepted;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Identifier;

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

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper mapper;
    private final Timer publishTime;

    ChannelEventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper mapper,
            GatewayConfig config, MeterRegistry registry) {
        this.mapper = mapper;
        this.publishTime = Timer.builder("gateway.events.publish")
                .description("Time from sending an event to Kafka's acknowledgement")
                .register(registry);
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "channel-gateway-events");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(1500, config.publishTimeoutMs()));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.publishTimeoutMs(), 1502));
        // send() runs on an event loop: it may block only briefly, when the buffer is full or the
        // topic's metadata is not known yet (it is fetched below, at start).
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 100);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
        try {
            producer.partitionsFor(Topics.CHANNEL_EVENTS);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            Log.warnf("No metadata for %s yet; the first events may wait for it", Topics.CHANNEL_EVENTS);
        }
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    /** The Kafka record of {@code event}: its JSON and CloudEvents headers (built on the caller's thread). */
    public ProducerRecord<String, byte[]> record(EventAccepted event) {
        byte[] data;
        try {
            data = mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize an accepted event", e);
        }
        var record = new ProducerRecord<>(Topics.CHANNEL_EVENTS, event.key(), data);
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(Ids.cloudEventId(event.workspaceId(), event.eventId())))
                .add("ce_source", bytes("channel-gateway"))
                .add("ce_type", bytes(EventAccepted.TYPE))
                .add("ce_subject", bytes(event.kind()))
                .add("ce_time", bytes(DateTimeFormatter.ISO_INSTANT.format(event.receivedAt())))
                .add("content-type", bytes("application/json"));
        return record;
    }

    /**
     * Publishes {@code record}; the answer completes once Kafka acknowledged it, or fails with
     * {@link PublishFailedException} when it did not within the publish timeout.
     */
    public CompletableFuture<Void> publish(ProducerRecord<String, byte[]> record) {
        var ack = new CompletableFuture<Void>();
        long start = System.nanoTime();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    publishTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(new PublishFailedException(failure));
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(new PublishFailedException(e));
        }
        // Bounded without a timer of its own: the producer calls back within delivery.timeout.ms
        // (the publish timeout) after send() returned.
        return ack;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
