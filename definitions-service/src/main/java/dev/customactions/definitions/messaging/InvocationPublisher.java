package dev.customactions.definitions.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.CloudEventProducer;
import dev.customactions.common.kafka.KafkaConfig;
import dev.customactions.common.kafka.Topics;
import dev.customactions.definitions.event.ActionInvocationRequested;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes invocations on {@code action.invocations}. Not through the outbox: an invocation is a
 * request made while its caller waits, not a change of state; the caller learns at once whether
 * Kafka took it.
 */
@ApplicationScoped
public class InvocationPublisher {

    private final CloudEventProducer producer;
    private final ObjectMapper mapper;

    InvocationPublisher(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, KafkaConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.producer = new CloudEventProducer("definitions-invocations", kafka, 10_000, 5_000, config.linger());
    }

    @PreDestroy
    void close() {
        producer.close();
    }

    /** Completes once Kafka acknowledged the invocation. */
    public CompletableFuture<Void> publish(ActionInvocationRequested invocation) {
        byte[] data;
        try {
            data = mapper.writeValueAsBytes(invocation);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return producer.publish(CloudEventProducer.record(
                Topics.ACTION_INVOCATIONS,
                invocation.key(),
                new CloudEventProducer.Envelope(
                        invocation.invocationId(),
                        "definitions-service",
                        ActionInvocationRequested.TYPE,
                        invocation.mode(),
                        invocation.requestedAt()),
                data));
    }
}
