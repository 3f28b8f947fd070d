package dev.customactions.executor.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.CloudEventProducer;
import dev.customactions.common.kafka.KafkaConfig;
import dev.customactions.common.kafka.Topics;
import dev.customactions.executor.event.RunCompleted;
import dev.customactions.executor.event.RunMode;
import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes each run's outcome, keyed by conversation, acknowledged by Kafka ({@code acks=all}): a live
 * run's on {@code action.results}, a test run's on {@code action.test-results} (the reply the definitions
 * service waits for).
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
        return producer.publish(CloudEventProducer.record(
                result.mode() == RunMode.TEST ? Topics.ACTION_TEST_RESULTS : Topics.ACTION_RESULTS,
                result.key(),
                new CloudEventProducer.Envelope(
                        result.runId(), "executor-service", RunCompleted.TYPE, result.status(), result.finishedAt()),
                data,
                trace));
    }
}
