package dev.customactions.executor.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.CloudEventProducer;
import dev.customactions.common.kafka.KafkaConfig;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.messaging.DeadLetters;
import dev.customactions.executor.event.RunCompleted;
import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes each run's outcome, keyed by conversation, acknowledged by Kafka ({@code acks=all}): a live
 * run's on {@code action.results}, a test run's on {@code action.test-results} (the reply the definitions
 * service waits for), an agent's call on both; and the dead letters of {@code channel.events} records that
 * can't be applied.
 */
@ApplicationScoped
public class ResultPublisher {

    private final CloudEventProducer producer;
    private final ObjectMapper mapper;

    ResultPublisher(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, KafkaConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.producer = new CloudEventProducer("executor-results", kafka, 30_000, 5_000, config.linger());
    }

    @PreDestroy
    void close() {
        producer.close();
    }

    /** Completes once Kafka acknowledged the result. */
    public CompletableFuture<Void> publish(RunCompleted result) {
        byte[] data;
        try {
            data = mapper.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return publish(result, data, Context.root());
    }

    /**
     * Publishes {@code result}, already serialized as {@code data}, with the trace context of its run's
     * span ({@code trace}); completes once Kafka acknowledged it.
     */
    public CompletableFuture<Void> publish(RunCompleted result, byte[] data, Context trace) {
        return switch (result.mode()) {
            case TEST -> publish(Topics.ACTION_TEST_RESULTS, result, data, trace);
            case LIVE -> publish(Topics.ACTION_RESULTS, result, data, trace);
            // An agent's call is a live run (on action.results, for workflows and the objects service)
            // whose caller waits for it (on action.test-results, which the definitions service follows).
            case AGENT ->
                CompletableFuture.allOf(
                        publish(Topics.ACTION_RESULTS, result, data, trace),
                        publish(Topics.ACTION_TEST_RESULTS, result, data, trace));
        };
    }

    /**
     * Writes the dead letter of {@code record} for {@code reason} on its topic's {@code .dlq} (see {@link
     * DeadLetters#record}); completes once Kafka acknowledged it.
     */
    public CompletableFuture<Void> deadLetter(ConsumerRecord<String, String> record, Throwable reason) {
        ProducerRecord<String, String> letter = DeadLetters.record(record, reason);
        var bytes = new ProducerRecord<>(
                letter.topic(),
                null,
                letter.key(),
                letter.value() == null ? null : letter.value().getBytes(StandardCharsets.UTF_8),
                letter.headers());
        return producer.publish(bytes);
    }

    private CompletableFuture<Void> publish(String topic, RunCompleted result, byte[] data, Context trace) {
        return producer.publish(CloudEventProducer.record(
                topic,
                result.key(),
                new CloudEventProducer.Envelope(
                        result.runId(), "executor-service", RunCompleted.TYPE, result.status(), result.finishedAt()),
                data,
                trace));
    }
}
