package dev.customactions.executor.http;

import java.util.ArrayDeque;

/**
 * Admission to the connections of one destination address, so that a burst of calls opens new
 * connections a few at a time instead of one per waiting call. A TLS handshake costs both sides far
 * more CPU than a call on an open connection: a pool that opens dozens at once after a short stall
 * makes the stall longer, and then opens more (seen on the benchmark as hundreds of handshakes and
 * runs failing {@code rate_limited}).
 * <p>
 * A call starts at once while the calls in progress fit what the open connections carry (one call
 * per HTTP/1.1 connection, the multiplexing limit per HTTP/2 connection) plus {@code connecting}
 * more, which may each need a new connection. Otherwise it waits its turn and starts as a call ends or
 * a connection opens; beyond {@code maxWaiting} waiting calls, it is refused.
 */
final class ConnectionGate {

    private final int connecting;
    private final int maxWaiting;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** Calls the open connections carry at once. */
    private int capacity;
    /** Calls started and not yet ended. */
    private int busy;

    ConnectionGate(int connecting, int maxWaiting) {
        this.connecting = connecting;
        this.maxWaiting = maxWaiting;
    }

    /**
     * Runs {@code start} now or once its turn comes; false (and {@code start} never runs) if too many
     * calls wait already. A started call must {@link #leave()} when it ends.
     */
    boolean enter(Runnable start) {
        synchronized (this) {
            if (!waiting.isEmpty() || busy >= capacity + connecting) {
                if (waiting.size() >= maxWaiting) {
                    return false;
                }
                waiting.add(start);
                return true;
            }
            busy++;
        }
        start.run();
        return true;
    }

    /** A started call ended. */
    void leave() {
        synchronized (this) {
            busy--;
        }
        startWaiting();
    }

    /** A connection that carries {@code calls} at once opened. */
    void opened(int calls) {
        synchronized (this) {
            capacity += calls;
        }
        startWaiting();
    }

    /** A connection that carried {@code calls} at once closed. */
    synchronized void closed(int calls) {
        capacity -= calls;
    }

    /** Whether nothing is open, in progress or waiting. */
    synchronized boolean idle() {
        return capacity <= 0 && busy == 0 && waiting.isEmpty();
    }

    synchronized int waitingCalls() {
        return waiting.size();
    }

    private void startWaiting() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (waiting.isEmpty() || busy >= capacity + connecting) {
                    return;
                }
                next = waiting.poll();
                busy++;
            }
            next.run();
        }
    }
}
