package dev.customactions.executor.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Places for records being run, shared fairly between lanes (a lane is a workspace). At most {@code max}
 * records run at once, and while more than one lane is active (had a record within {@code activeNanos}) at most
 * {@code perLane} of one lane, so a lane that floods never holds every place nor keeps the executor busy for the
 * others; a lane alone has them all;
 * a free place goes to the waiting lane that holds the fewest, records in order within a lane. A record is taken from
 * its topic before it is admitted: up to {@code maxWaiting} records wait in memory, so a flooding lane's
 * backlog does not stop the consumer from reading the other lanes' records behind it; beyond that the consumer
 * waits (the backlog stays on the topic, as lag). A run waiting in line for its host beyond the host's share
 * stands aside: its record's place is free for another meanwhile; at most {@code max} stand aside, so at most
 * {@code 2 × max} are ever admitted. Thread-safe; futures are completed outside the lock.
 */
final class Admission {

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    /** A record's two waits: for room to be taken (the consumer goes on after it), then for its place. */
    record Entry(CompletableFuture<Void> taken, CompletableFuture<Void> admitted) {}

    private final int max;
    private final int perLane;
    private final int maxWaiting;
    private final long activeNanos;
    private final LongSupplier clock;
    /** When each lane last had a record: lanes seen within {@code activeNanos} are active. */
    private final Map<String, Long> lastSeen = new HashMap<>();
    /** Each lane's records waiting for a place, in order. */
    private final Map<String, ArrayDeque<CompletableFuture<Void>>> waiting = new HashMap<>();
    /** The lanes with records waiting, in the order they get their next place. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    /** Places held per lane. */
    private final Map<String, Integer> held = new HashMap<>();
    /** Consumers waiting for room to take their record. */
    private final ArrayDeque<CompletableFuture<Void>> taking = new ArrayDeque<>();

    private int inFlight;
    private int aside;
    private int waitingCount;

    Admission(int max, int perLane, int maxWaiting, long activeNanos, LongSupplier clock) {
        this.max = max;
        this.perLane = Math.max(1, Math.min(perLane, max));
        this.maxWaiting = maxWaiting;
        this.activeNanos = activeNanos;
        this.clock = clock;
    }

    /** A record of {@code lane} asks for a place. */
    Entry enter(String lane) {
        var admitted = new CompletableFuture<Void>();
        CompletableFuture<Void> taken;
        List<CompletableFuture<Void>> granted;
        synchronized (this) {
            lastSeen.put(lane, clock.getAsLong());
            ArrayDeque<CompletableFuture<Void>> queue = waiting.get(lane);
            if (queue == null) {
                queue = new ArrayDeque<>();
                waiting.put(lane, queue);
                turns.add(lane);
            }
            queue.add(admitted);
            waitingCount++;
            granted = grant();
            if (taking.isEmpty() && waitingCount <= maxWaiting) {
                taken = NOW;
            } else {
                taken = new CompletableFuture<>();
                taking.add(taken);
            }
        }
        granted.forEach(next -> next.complete(null));
        return new Entry(taken, admitted);
    }

    /** One record of {@code lane} is done; its place goes to the next lane in turn. */
    void release(String lane) {
        List<CompletableFuture<Void>> granted;
        synchronized (this) {
            inFlight--;
            held.merge(lane, -1, (a, b) -> a + b == 0 ? null : a + b);
            granted = grant();
        }
        granted.forEach(next -> next.complete(null));
    }

    /** {@code change} more runs wait beyond their host's share (fewer if negative). */
    void aside(int change) {
        List<CompletableFuture<Void>> granted;
        synchronized (this) {
            aside += change;
            granted = grant();
        }
        granted.forEach(next -> next.complete(null));
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
     * below its share, and room to the consumers waiting to take a record; answers the futures to complete.
     */
    private List<CompletableFuture<Void>> grant() {
        List<CompletableFuture<Void>> granted = new ArrayList<>();
        // A run standing aside holds no place: each lane may run that many more, as the whole may. A lane alone
        // is not held to a share.
        int share = activeLanes() > 1 ? perLane + Math.min(aside, max) : Integer.MAX_VALUE;
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
            ArrayDeque<CompletableFuture<Void>> queue = waiting.get(chosen);
            granted.add(queue.poll());
            waitingCount--;
            inFlight++;
            held.merge(chosen, 1, Integer::sum);
            if (queue.isEmpty()) {
                waiting.remove(chosen);
            } else {
                turns.add(chosen);
            }
        }
        // The first consumer waiting may go on once the records waiting ahead of it, and its own, fit.
        while (!taking.isEmpty() && waitingCount - (taking.size() - 1) <= maxWaiting) {
            granted.add(taking.poll());
        }
        return granted;
    }

    /** The lanes active now; forgets those neither seen lately nor holding or waiting for a place. */
    private int activeLanes() {
        long now = clock.getAsLong();
        lastSeen.entrySet()
                .removeIf(seen -> now - seen.getValue() > activeNanos
                        && !held.containsKey(seen.getKey())
                        && !waiting.containsKey(seen.getKey()));
        return lastSeen.size();
    }

    private boolean hasRoom() {
        return inFlight - Math.min(aside, max) < max;
    }
}
