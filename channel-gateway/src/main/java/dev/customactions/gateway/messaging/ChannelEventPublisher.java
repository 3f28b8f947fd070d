package dev.customactions.gateway.messaging;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.gateway.GatewayConfig;
import dev.customactions.gateway.Ids;
import dev.customactions.gateway.event.EventAccepted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes accepted events on {@code channel.events} and returns only once Kafka acknowledged
 * them ({@code acks=all}, idempotent producer), or fails within the publish timeout.
 */
@ApplicationScoped
public class ChannelEventPublisher {

    /** Outgoing channel of {@code channel.events}. */
    public static final String CHANNEL = "channel-events";

    private final Emitter<String> emitter;
    private final ObjectMapper mapper;
    private final long timeoutMs;
    private final Timer publishTime;

    ChannelEventPublisher(@Channel(CHANNEL) Emitter<String> emitter, ObjectMapper mapper, GatewayConfig config,
            MeterRegistry registry) {
        this.emitter = emitter;
        this.mapper = mapper;
        this.timeoutMs = config.publishTimeoutMs();
        this.publishTime = Timer.builder("gateway.events.publish")
                .description("Time from sending an event to Kafka's acknowledgement")
                .register(registry);
    }

    /** Publishes {@code event}; throws {@link PublishFailedException} when Kafka did not acknowledge it in time. */
    public void publish(EventAccepted event) {
        String data;
        try {
            data = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize an accepted event", e);
        }
        var ack = new CompletableFuture<Void>();
        var message = Message.of(data)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(Ids.cloudEventId(event.workspaceId(), event.eventId()))
                        .withType(EventAccepted.TYPE)
                        .withSource(URI.create("channel-gateway"))
                        .withSubject(event.kind())
                        .withTimestamp(event.receivedAt().atZone(ZoneOffset.UTC))
                        .build())
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        long start = System.nanoTime();
        try {
            emitter.send(message);
            ack.get(timeoutMs + 500, TimeUnit.MILLISECONDS);
            publishTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new PublishFailedException(e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new PublishFailedException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(e);
        }
    }
}
