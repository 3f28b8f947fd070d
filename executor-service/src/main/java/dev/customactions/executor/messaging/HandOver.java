package dev.customactions.executor.messaging;

import dev.customactions.executor.ExecutorConfig;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;

/**
 * Hands a partition over only once its runs are done. The consumers rebalance cooperatively (only the
 * partitions that move are revoked, the others keep running); when a partition is revoked (a replica
 * joins, or this one stops: then within its consumer's close, about 20 s), its records still waiting for a
 * place are dropped, and this waits for the runs of its records already started to finish (up to
 * {@code hand-over-wait}) and commits past them (up to the first record dropped), so the next owner starts
 * after them and calls no third party again. A replica that dies can't hand over: its runs in flight are run again by the next
 * owner, made harmless by their {@code Idempotency-Key}.
 */
@ApplicationScoped
@Identifier(HandOver.NAME)
public class HandOver implements KafkaConsumerRebalanceListener {

    /** The name the channels' {@code consumer-rebalance-listener.name} gives. */
    public static final String NAME = "executor-hand-over";

    private final RecordsInFlight inFlight;
    private final RunDispatcher dispatcher;
    private final Duration wait;

    HandOver(RecordsInFlight inFlight, RunDispatcher dispatcher, ExecutorConfig config) {
        this.inFlight = inFlight;
        this.dispatcher = dispatcher;
        this.wait = config.handOverWait();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        inFlight.assigned(partitions, consumer.groupMetadata().generationId());
        // Records still waiting from an earlier assignment (partitions lost without a hand-over) are read again.
        dispatcher.dropWaiting(partitions);
        dispatcher.reopen(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        // Records still waiting for a place are not run here: the commit stops at the first of them.
        Map<TopicPartition, Long> next = inFlight.awaitDone(partitions, wait, () -> dispatcher.dropWaiting(partitions));
        var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        next.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
            } catch (CommitFailedException | RebalanceInProgressException e) {
                // The partitions were lost, not revoked (this member left the group meanwhile): the next owner
                // starts from the last commit, and the runs repeated are made harmless by their Idempotency-Key.
                Log.warnf("Could not commit %s on hand-over: %s", offsets.keySet(), e.getMessage());
            }
        }
        Log.infof(
                "Handed over %s after %d ms, committed %s",
                partitions, Duration.ofNanos(System.nanoTime() - start).toMillis(), offsets.keySet());
    }
}
