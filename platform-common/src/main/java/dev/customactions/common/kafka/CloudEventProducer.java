package dev.customactions.common.kafka;

import dev.customactions.common.tracing.TraceContext;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain Kafka producer for CloudEvents in binary mode ({@code ce_*} headers, JSON data) whose
 * publications complete only once Kafka acknowledged them ({@code acks=all}, idempotent), or fail
 * within {@code deliveryTimeoutMs}. Used where the SmallRye emitter's extra hops cost too much.
 */
public final class CloudEventProducer implements AutoCloseable {

    /** What a record is, in CloudEvents terms. */
    public record Envelope(String id, String source, String type, String subject, Instant time) {}

    private final KafkaProducer<String, byte[]> producer;

    /**
     * A producer with the service's Kafka configuration; {@code maxBlockMs} bounds how long
     * {@code send} may block the caller (buffer full, metadata unknown); a record waits up to
     * {@code linger} for others to go in the same request.
     */
    public CloudEventProducer(
            String clientId, Map<String, Object> kafka, long deliveryTimeoutMs, long maxBlockMs, Duration linger) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(1500, deliveryTimeoutMs));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(deliveryTimeoutMs, 1502));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    /** Fetches the metadata of {@code topic} now, so that the first send need not wait for it. */
    public void warmUp(String topic) {
        producer.partitionsFor(topic);
    }

    /**
     * The record of {@code data} on {@code topic} under {@code key}, with the CloudEvents headers of
     * {@code envelope} and the trace context of the calling thread's span (the request being served).
     */
    public static ProducerRecord<String, byte[]> record(String topic, String key, Envelope envelope, byte[] data) {
        return record(topic, key, envelope, data, Context.current());
    }

    /** The record of {@code data}, as above, with the trace context of {@code trace} ({@code traceparent}). */
    public static ProducerRecord<String, byte[]> record(
            String topic, String key, Envelope envelope, byte[] data, Context trace) {
        var record = new ProducerRecord<>(topic, key, data);
        TraceContext.inject(trace, record.headers());
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(envelope.id()))
                .add("ce_source", bytes(envelope.source()))
                .add("ce_type", bytes(envelope.type()))
                .add("ce_time", bytes(DateTimeFormatter.ISO_INSTANT.format(envelope.time())))
                .add("content-type", bytes("application/json"));
        if (envelope.subject() != null) {
            record.headers().add("ce_subject", bytes(envelope.subject()));
        }
        return record;
    }

    /** Sends {@code record}; the answer completes once Kafka acknowledged it, or fails with the producer's error. */
    // send's own future is not needed: its callback completes the answer.
    @SuppressWarnings("FutureReturnValueIgnored")
    public CompletableFuture<Void> publish(ProducerRecord<String, byte[]> record) {
        var ack = new CompletableFuture<Void>();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        // Bounded without a timer of its own: the producer calls back within delivery.timeout.ms.
        return ack;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
