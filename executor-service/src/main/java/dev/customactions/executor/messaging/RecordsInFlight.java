package dev.customactions.executor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of each partition taken and not yet done, and the next offset past the last one taken:
 * what a partition's hand-over waits for ({@link HandOver}). Records of a partition are taken in order,
 * so once none is in flight every record before that offset is done. Thread-safe.
 */
@ApplicationScoped
public class RecordsInFlight {

    private static final class Partition {
        int inFlight;
        long next = -1;
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    /** Partitions handed over and not given back: a record of one still on its way here is not taken. */
    private final Set<TopicPartition> handedOver = new HashSet<>();

    /**
     * A record at {@code offset} of {@code partition} is taken; false when the partition was handed over
     * meanwhile (its next owner reads the record: it is neither run nor acknowledged here).
     */
    synchronized boolean taken(TopicPartition partition, long offset) {
        if (handedOver.contains(partition)) {
            return false;
        }
        Partition state = partitions.computeIfAbsent(partition, p -> new Partition());
        state.inFlight++;
        state.next = Math.max(state.next, offset + 1);
        return true;
    }

    /** {@code assigned} are this consumer's (again). */
    synchronized void assigned(Collection<TopicPartition> assigned) {
        handedOver.removeAll(assigned);
    }

    /** A record of {@code partition} is done (acknowledged or dead-lettered). */
    synchronized void done(TopicPartition partition) {
        Partition state = partitions.get(partition);
        if (state != null && --state.inFlight == 0) {
            notifyAll();
        }
    }

    /**
     * Waits up to {@code wait} until no record of {@code revoked} is in flight, then forgets them; answers,
     * for each partition whose records were all done, the offset to commit (past the last record taken).
     */
    synchronized Map<TopicPartition, Long> awaitDone(Collection<TopicPartition> revoked, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (revoked.stream().anyMatch(p -> partitions.containsKey(p) && partitions.get(p).inFlight > 0)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var next = new HashMap<TopicPartition, Long>();
        for (TopicPartition partition : revoked) {
            handedOver.add(partition);
            Partition state = partitions.remove(partition);
            if (state != null && state.inFlight == 0 && state.next >= 0) {
                next.put(partition, state.next);
            }
        }
        return next;
    }
}
