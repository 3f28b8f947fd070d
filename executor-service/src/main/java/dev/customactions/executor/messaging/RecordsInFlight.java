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
 * so once none is in flight every record before that offset is done. Each assignment of a partition counts
 * apart: a record read under an earlier one is not taken, and a record of an earlier one done late counts
 * against that one only. Thread-safe.
 */
@ApplicationScoped
public class RecordsInFlight {

    /** How often a hand-over looks again for records to drop while it waits. */
    static final long SLICE_MS = 100;

    /** The records of one partition taken during one assignment of it: what {@link #done} is told. */
    static final class Partition {
        private int inFlight;
        private long next = -1;
        /** The first record of this assignment dropped (not run here: its next owner reads it), if any. */
        private long firstDropped = Long.MAX_VALUE;
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    /** Partitions handed over and not given back: a record of one still on its way here is not taken. */
    private final Set<TopicPartition> handedOver = new HashSet<>();
    /** The consumer group generation in which each partition was last assigned here. */
    private final Map<TopicPartition, Integer> assignedIn = new HashMap<>();

    /**
     * A record at {@code offset} of {@code partition}, read in consumer group generation {@code generation}
     * (negative when unknown), is taken: answers what to tell {@link #done} of it, or null when the partition
     * was handed over meanwhile or the record was read before the partition's latest assignment here (its owner
     * since reads it again: it is neither run nor acknowledged here).
     */
    synchronized Partition taken(TopicPartition partition, long offset, int generation) {
        if (handedOver.contains(partition)
                || (generation >= 0 && generation < assignedIn.getOrDefault(partition, Integer.MIN_VALUE))) {
            return null;
        }
        Partition state = partitions.computeIfAbsent(partition, p -> new Partition());
        state.inFlight++;
        state.next = Math.max(state.next, offset + 1);
        return state;
    }

    /**
     * {@code assigned} are this consumer's (again), from consumer group generation {@code generation}: a new
     * assignment of each, whatever was left of an earlier one (partitions lost without a hand-over).
     */
    synchronized void assigned(Collection<TopicPartition> assigned, int generation) {
        handedOver.removeAll(assigned);
        assigned.forEach(partition -> {
            assignedIn.put(partition, generation);
            partitions.remove(partition);
        });
    }

    /** A record taken is done (applied or dead-lettered). */
    synchronized void done(Partition taken) {
        if (--taken.inFlight == 0) {
            notifyAll();
        }
    }

    /** The record at {@code offset}, taken, is dropped: its partition's hand-over commits no further. */
    synchronized void dropped(Partition taken, long offset) {
        taken.firstDropped = Math.min(taken.firstDropped, offset);
        done(taken);
    }

    /**
     * Runs {@code acknowledge} (which must not block) if {@code partition} is still assigned here as it was when
     * records of consumer group generation {@code generation} were read: an acknowledgement of an earlier
     * assignment must not reach the commit of a later one (it would pass records read again and not yet run).
     */
    synchronized void ifStillAssigned(TopicPartition partition, int generation, Runnable acknowledge) {
        if (!handedOver.contains(partition)
                && (generation < 0 || generation >= assignedIn.getOrDefault(partition, Integer.MIN_VALUE))) {
            acknowledge.run();
        }
    }

    /**
     * {@code revoked} are being handed over: no record of theirs is taken from now on. Then waits up to
     * {@code wait} until no record of theirs is in flight, calling {@code meanwhile} first and at least every
     * {@value #SLICE_MS} ms while it waits (it drops their records still waiting for a place), then forgets them;
     * answers, for each partition whose records were all done, the offset to commit: past the last record
     * taken, or the first record dropped.
     */
    Map<TopicPartition, Long> awaitDone(Collection<TopicPartition> revoked, Duration wait, Runnable meanwhile) {
        synchronized (this) {
            handedOver.addAll(revoked);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                meanwhile.run();
                synchronized (this) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || revoked.stream().noneMatch(this::running)) {
                        break;
                    }
                    wait(Math.max(1, Math.min(SLICE_MS, left / 1_000_000)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            var next = new HashMap<TopicPartition, Long>();
            for (TopicPartition partition : revoked) {
                Partition state = partitions.remove(partition);
                if (state != null && state.inFlight == 0 && state.next >= 0) {
                    next.put(partition, Math.min(state.next, state.firstDropped));
                }
            }
            return next;
        }
    }

    private boolean running(TopicPartition partition) {
        Partition state = partitions.get(partition);
        return state != null && state.inFlight > 0;
    }
}
