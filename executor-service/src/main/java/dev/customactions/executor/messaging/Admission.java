package dev.customactions.executor.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Places for records being run: at most {@code max} at once, handed out in the order asked for. A run
 * waiting in line for its host beyond the host's share stands aside: its record's place is free for
 * another meanwhile. At most {@code max} records stand aside, so at most {@code 2 × max} are ever
 * admitted. Thread-safe; a waiting request is completed outside the lock.
 */
final class Admission {

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    private final int max;
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int inFlight;
    private int aside;

    Admission(int max) {
        this.max = max;
    }

    /** Completes when a place is taken for one record. */
    synchronized CompletableFuture<Void> acquire() {
        if (waiting.isEmpty() && hasRoom()) {
            inFlight++;
            return NOW;
        }
        var admitted = new CompletableFuture<Void>();
        waiting.add(admitted);
        return admitted;
    }

    /** One record is done; its place goes to the next waiting, if any. */
    void release() {
        change(-1, 0);
    }

    /** {@code change} more runs wait beyond their host's share (fewer if negative). */
    void aside(int change) {
        change(0, change);
    }

    /** Records admitted and not yet done. */
    synchronized int inFlight() {
        return inFlight;
    }

    private void change(int inFlightChange, int asideChange) {
        List<CompletableFuture<Void>> admitted = List.of();
        synchronized (this) {
            inFlight += inFlightChange;
            aside += asideChange;
            while (!waiting.isEmpty() && hasRoom()) {
                inFlight++;
                if (admitted.isEmpty()) {
                    admitted = new ArrayList<>();
                }
                admitted.add(waiting.poll());
            }
        }
        admitted.forEach(next -> next.complete(null));
    }

    private boolean hasRoom() {
        return inFlight - Math.min(aside, max) < max;
    }
}
