package dev.customactions.executor.messaging;

import io.quarkus.logging.Log;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Places for records being run, shared fairly between lanes (a lane is a workspace's channel events, or its
 * invocations). At most {@code max} records run at once, and while more than one workspace is active (had a
 * record within {@code activeNanos}) at most {@code perLane} of one lane, so a lane that floods never holds every
 * place nor keeps the executor busy for the others; a workspace alone has them all. A free place goes to the
 * waiting lane that holds the fewest; records of a lane are started in the order they came.
 *
 * <p>A record is taken from its topic before it has a place: up to {@code maxWaitingBytes} of records wait in
 * memory, so that a flooding lane's backlog does not stop the consumer from reading the other lanes' records
 * behind it; beyond that the consumer waits (the backlog stays on the topic, as lag). A partition handed over
 * {@linkplain #drop drops} its records still waiting. A run waiting in line for its host beyond the host's share
 * stands aside: its record's place is free for another meanwhile; at most {@code max} stand aside, so at most
 * {@code 2 × max} are ever admitted.
 *
 * <p>Thread-safe. Records are started and consumers let go outside the lock, one after another on the calling
 * thread: a record whose work completes at once (no trigger matches it) releases its place and starts the next
 * from that loop, not from a deeper stack.
 */
final class Admission {

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    /**
     * A record asking for a place: its workspace and its lane (the workspace's channel events, or its
     * invocations), where it was read, its size, whether the consumer waits while the
     * records waiting fill their room (an invocation, which someone waits for, does not), what starts its work
     * once it has a place, and what tells that it was dropped instead (its partition was handed over).
     */
    record Ticket(
            String workspace,
            String lane,
            TopicPartition partition,
            long offset,
            int bytes,
            boolean waitsForRoom,
            Runnable start,
            Runnable dropped) {}

    private final int max;
    private final int perLane;
    private final long maxWaitingBytes;
    private final long activeNanos;
    private final LongSupplier clock;
    /** When each lane last had a record: the workspaces of lanes seen within {@code activeNanos} are active. */
    private final Map<String, Long> lastSeen = new HashMap<>();
    /** The workspace of each lane. */
    private final Map<String, String> workspaces = new HashMap<>();
    /** Each lane's records waiting for a place, in order. */
    private final Map<String, ArrayDeque<Ticket>> waiting = new HashMap<>();
    /** The lanes with records waiting, in the order they get their next place. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    /** Places held per lane. */
    private final Map<String, Integer> held = new HashMap<>();
    /** Consumers waiting for room to take their next record. */
    private final ArrayDeque<CompletableFuture<Void>> taking = new ArrayDeque<>();
    /** Partitions being handed over: a record of one that asks for a place is dropped at once. */
    private final Set<TopicPartition> closed = new HashSet<>();
    /** What the calling thread has still to run, outside the lock, when it is already running some. */
    // Per admission, not static: what one admission's thread has still to run is not another's (tests build several).
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<ArrayDeque<Runnable>> pending = new ThreadLocal<>();

    private int inFlight;
    private int aside;
    private int waitingCount;
    private long waitingBytes;

    Admission(int max, int perLane, long maxWaitingBytes, long activeNanos, LongSupplier clock) {
        this.max = max;
        this.perLane = Math.max(1, Math.min(perLane, max));
        this.maxWaitingBytes = maxWaitingBytes;
        this.activeNanos = activeNanos;
        this.clock = clock;
    }

    /**
     * The record of the ticket {@code asking} makes (under this lock, so that what it looks up as it does, the
     * record's predecessor, is in the order of the queue) asks for a place; its work starts once it has one. The
     * answer completes when the consumer may take its next record: at once while the records waiting fit in
     * memory.
     */
    CompletableFuture<Void> enter(Supplier<Ticket> asking) {
        CompletableFuture<Void> taken;
        List<Runnable> next;
        synchronized (this) {
            Ticket ticket = asking.get();
            if (closed.contains(ticket.partition())) {
                next = List.of(ticket.dropped());
                taken = NOW;
            } else {
                taken = queue(ticket);
                next = grant();
            }
        }
        run(next);
        return taken;
    }

    /** Queues {@code ticket}, under this lock; answers when the consumer may take its next record. */
    private CompletableFuture<Void> queue(Ticket ticket) {
        lastSeen.put(ticket.lane(), clock.getAsLong());
        workspaces.put(ticket.lane(), ticket.workspace());
        ArrayDeque<Ticket> queue = waiting.get(ticket.lane());
        if (queue == null) {
            queue = new ArrayDeque<>();
            waiting.put(ticket.lane(), queue);
            turns.add(ticket.lane());
        }
        queue.add(ticket);
        waitingCount++;
        waitingBytes += ticket.bytes();
        if (!ticket.waitsForRoom() || (taking.isEmpty() && waitingBytes <= maxWaitingBytes)) {
            return NOW;
        }
        var taken = new CompletableFuture<Void>();
        taking.add(taken);
        return taken;
    }

    /** One record of {@code lane} is done; its place goes to the next lane in turn. */
    void release(String lane) {
        List<Runnable> next;
        synchronized (this) {
            inFlight--;
            held.merge(lane, -1, (a, b) -> a + b == 0 ? null : a + b);
            next = grant();
        }
        run(next);
    }

    /** {@code change} more runs wait beyond their host's share (fewer if negative). */
    void aside(int change) {
        List<Runnable> next;
        synchronized (this) {
            aside += change;
            next = grant();
        }
        run(next);
    }

    /**
     * Drops the records of {@code partitions} still waiting for a place (their partitions are handed over: their
     * next owner runs them) and answers, for each partition that had some, the lowest offset dropped.
     */
    Map<TopicPartition, Long> drop(Collection<TopicPartition> partitions) {
        var lowest = new HashMap<TopicPartition, Long>();
        List<Runnable> next = new ArrayList<>();
        synchronized (this) {
            closed.addAll(partitions);
            for (Iterator<Map.Entry<String, ArrayDeque<Ticket>>> lanes =
                            waiting.entrySet().iterator();
                    lanes.hasNext(); ) {
                var lane = lanes.next();
                lane.getValue().removeIf(ticket -> {
                    if (!partitions.contains(ticket.partition())) {
                        return false;
                    }
                    lowest.merge(ticket.partition(), ticket.offset(), Math::min);
                    waitingCount--;
                    waitingBytes -= ticket.bytes();
                    next.add(ticket.dropped());
                    return true;
                });
                if (lane.getValue().isEmpty()) {
                    turns.remove(lane.getKey());
                    lanes.remove();
                }
            }
            next.addAll(grant());
        }
        run(next);
        return lowest;
    }

    /** {@code partitions} are this consumer's (again): their records are admitted again. */
    synchronized void reopen(Collection<TopicPartition> partitions) {
        closed.removeAll(partitions);
    }

    /** Records admitted and not yet done. */
    synchronized int inFlight() {
        return inFlight;
    }

    /** Records taken and waiting for a place. */
    synchronized int waiting() {
        return waitingCount;
    }

    /**
     * Gives each free place to the waiting lane holding the fewest places (the first in turn among equals),
     * below its share, and room to the consumers waiting to take a record; answers what to run.
     */
    private List<Runnable> grant() {
        List<Runnable> next = new ArrayList<>();
        // A run standing aside holds no place: each lane may run that many more, as the whole may. A lane alone
        // is not held to a share.
        int share = activeWorkspaces() > 1 ? perLane + Math.min(aside, max) : Integer.MAX_VALUE;
        while (hasRoom() && !turns.isEmpty()) {
            String chosen = null;
            int fewest = share;
            for (String lane : turns) {
                int holds = held.getOrDefault(lane, 0);
                if (holds < fewest) {
                    chosen = lane;
                    fewest = holds;
                }
            }
            if (chosen == null) {
                break;
            }
            turns.remove(chosen);
            ArrayDeque<Ticket> queue = waiting.get(chosen);
            Ticket ticket = queue.poll();
            next.add(ticket.start());
            waitingCount--;
            waitingBytes -= ticket.bytes();
            inFlight++;
            held.merge(chosen, 1, Integer::sum);
            if (queue.isEmpty()) {
                waiting.remove(chosen);
            } else {
                turns.add(chosen);
            }
        }
        // The consumer goes on once the records waiting fit in memory.
        if (!taking.isEmpty() && waitingBytes <= maxWaitingBytes) {
            taking.forEach(consumer -> next.add(() -> consumer.complete(null)));
            taking.clear();
        }
        return next;
    }

    /** The workspaces active now; forgets the lanes neither seen lately nor holding or waiting for a place. */
    private long activeWorkspaces() {
        long now = clock.getAsLong();
        lastSeen.entrySet()
                .removeIf(seen -> now - seen.getValue() > activeNanos
                        && !held.containsKey(seen.getKey())
                        && !waiting.containsKey(seen.getKey()));
        workspaces.keySet().retainAll(lastSeen.keySet());
        return lastSeen.size() < 2
                ? lastSeen.size()
                : workspaces.values().stream().distinct().count();
    }

    private boolean hasRoom() {
        return inFlight - Math.min(aside, max) < max;
    }

    /** Runs {@code step} on this thread, after what this thread is running from here already (see below). */
    void run(Runnable step) {
        run(List.of(step));
    }

    /**
     * Runs {@code next} on this thread, outside the lock; what it leads to on this thread (a record done at once
     * starts the next) is queued and run by this loop, so the stack stays flat however long the chain.
     */
    private void run(List<Runnable> next) {
        if (next.isEmpty()) {
            return;
        }
        ArrayDeque<Runnable> queue = pending.get();
        if (queue != null) {
            queue.addAll(next);
            return;
        }
        queue = new ArrayDeque<>(next);
        pending.set(queue);
        try {
            for (Runnable step = queue.poll(); step != null; step = queue.poll()) {
                try {
                    step.run();
                } catch (Throwable e) {
                    // Whatever a step throws, the places and consumers queued after it must not be lost.
                    Log.errorf(e, "Starting a record failed");
                }
            }
        } finally {
            pending.remove();
        }
    }
}
