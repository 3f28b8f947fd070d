package dev.customactions.definitions.outbox;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes the outbox in order and deletes each row only once Kafka acknowledged it; a row
 * whose publication fails stays and is sent again (consumers are idempotent on the event id).
 * It runs right after each commit that appended records, and every 10 s as a safety net (for a
 * failed attempt, or an instance that stopped before relaying what it appended).
 */
@ApplicationScoped
public class OutboxRelay {

    /** Channel the outbox is published through; each record names its own topic. */
    public static final String CHANNEL = "outbox";

    private static final int BATCH = 200;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Emitter<String> emitter;
    private final ManagedExecutor executor;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();

    @Inject
    OutboxRelay(@Channel(CHANNEL) Emitter<String> emitter, ManagedExecutor executor) {
        this.emitter = emitter;
        this.executor = executor;
    }

    /** After a commit that appended records: relay them now, on the relay's own thread. */
    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Appended event) {
        if (wakeUpPending.compareAndSet(false, true)) {
            executor.execute(() -> {
                wakeUpPending.set(false);
                relay();
            });
        }
    }

    /** The safety net: records of a failed attempt, or of another instance that stopped, go out on the next poll. */
    @Scheduled(
            every = "${customactions.outbox.poll-interval:10s}",
            delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void relay() {
        try {
            while (QuarkusTransaction.requiringNew().call(this::relayBatch) == BATCH) {
                // keep going while the outbox is full
            }
        } catch (RuntimeException e) {
            Log.warnf("Publishing the outbox failed, will retry: %s", e.getMessage());
        }
    }

    /** Publishes up to one batch, in the caller's transaction; answers how many rows it published. */
    int relayBatch() {
        OutboxMessage.awaitRelayTurn();
        List<OutboxMessage> messages = OutboxMessage.lockOldest(BATCH);
        if (messages.isEmpty()) {
            return 0;
        }
        var acks = messages.stream().map(this::send).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(acks)
                .orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
        messages.forEach(OutboxMessage::delete);
        return messages.size();
    }

    private CompletableFuture<Void> send(OutboxMessage message) {
        var ack = new CompletableFuture<Void>();
        var kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(message.topic)
                .withKey(message.messageKey)
                .build();
        var cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(message.eventId.toString())
                .withType(message.eventType)
                .withSource(URI.create("definitions-service"))
                .withTimestamp(message.createdAt.atZone(ZoneOffset.UTC))
                .build();
        emitter.send(Message.of(message.payload)
                .addMetadata(kafka)
                .addMetadata(cloudEvent)
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return ack;
    }
}
