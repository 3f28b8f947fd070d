package dev.customactions.executor.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Decides when a call to a destination goes to the connection pool, so that a burst or a stall
 * doesn't open a connection, and pay a TLS handshake, for every waiting call.
 * <p>
 * Left to itself the pool opens a new connection for each call that finds every connection busy,
 * up to the per-host cap, and the call then waits for that handshake even if a connection frees
 * up first. With a fast destination that turns a short stall (a GC pause, a busy CPU) into a storm:
 * the backlog opens dozens of connections, their handshakes take the CPU, the stall grows and
 * opens more. Here a call goes to the pool at once while the destination has a free connection.
 * Otherwise it waits in line, and a new connection is opened only when the wait for a busy one is
 * expected to be longer than a handshake:
 * {@code waiting × call time / connections > handshake time}, both times averaged over the
 * destination's recent calls and handshakes (a handshake time losing weight as it ages).
 * Handshakes under way at once are bounded by the connections already open (at least
 * {@link #MIN_HANDSHAKES}), so a cold or emptied pool still grows fast, doubling per handshake
 * round, but a burst can't open the whole pool at once.
 * <p>
 * Calls let through to one destination never exceed its cap of calls at once, so the pool always
 * has a connection for them (free or to open) and nothing waits inside it. A call is never refused:
 * however long the line, it waits its turn. How many calls wait in one destination's line beyond a
 * share is reported as it changes, so that the executor can take work for other destinations
 * meanwhile (see {@code RunDispatcher}).
 * <p>
 * A destination is one pool of the HTTP client: the checked address, port, host name and scheme.
 * Thread-safe; each destination's state is guarded by its own lock, and a call is started outside it.
 */
final class ConnectionGate {

    /** Handshakes that may be under way at once for a destination with fewer open connections than this. */
    static final int MIN_HANDSHAKES = 4;
    /** Weight of the newest sample in the averages of call and handshake times. */
    private static final double CALL_WEIGHT = 0.05;

    private static final double HANDSHAKE_WEIGHT = 0.25;
    /**
     * How fast a handshake time measured long ago loses weight: it halves every 10 s without a new
     * one. Handshakes measured while the JVM was cold, or in a stall, would otherwise hold the pool
     * back long after, since a pool that opens no connection measures no handshake.
     */
    static final long HANDSHAKE_HALF_LIFE_NANOS = 10_000_000_000L;

    private final int maxCalls;
    private final int share;
    private final LongSupplier nanoTime;
    private final Consumer<Runnable> later;
    private final IntConsumer beyondShare;
    private final Map<Object, Destination> destinations = new ConcurrentHashMap<>();

    /**
     * @param maxCalls calls let through to one destination at once (the pool's cap)
     * @param share calls waiting for one destination that are not reported to {@code beyondShare}
     * @param nanoTime the clock
     * @param later how a waiting call is started once let through: after the current task (on the
     *        calling thread's event loop, say), so that a connection being given back is back in the
     *        pool by then
     * @param beyondShare told by how much the calls waiting beyond their destination's share changed
     *        (positive: more), outside the gate's locks
     */
    ConnectionGate(int maxCalls, int share, LongSupplier nanoTime, Consumer<Runnable> later, IntConsumer beyondShare) {
        this.maxCalls = maxCalls;
        this.share = share;
        this.nanoTime = nanoTime;
        this.later = later;
        this.beyondShare = beyondShare;
    }

    /**
     * Lets a call to {@code destination} through now (running {@code start} before returning) or
     * once a connection is free or worth opening (running it through {@code later}).
     */
    Ticket enter(Object destination, Consumer<Ticket> start) {
        while (true) {
            Destination d = destinations.computeIfAbsent(destination, Destination::new);
            Ticket ticket = new Ticket(d, start);
            boolean now;
            List<Ticket> started = List.of();
            int change;
            synchronized (d) {
                if (d.retired) {
                    continue;
                }
                now = d.enter(ticket);
                if (!now) {
                    // A longer line may make a new connection worth its handshake.
                    started = d.letThrough();
                }
                change = d.beyondShareChange();
            }
            report(change);
            if (now) {
                start.accept(ticket);
            }
            startAll(started);
            return ticket;
        }
    }

    /** Destinations with state: open connections or calls in progress or waiting. */
    int destinations() {
        return destinations.size();
    }

    /** Calls waiting, across destinations. */
    int waiting() {
        int waiting = 0;
        for (Destination d : destinations.values()) {
            synchronized (d) {
                waiting += d.waiting.size();
            }
        }
        return waiting;
    }

    /** A call's place at its destination: through the gate or waiting. */
    final class Ticket {

        private final Destination destination;
        private final Consumer<Ticket> start;
        private boolean waiting;
        private boolean through;
        /** Let through to have a connection opened for it, and not on one yet. */
        private boolean opens;

        private long throughAt;
        private boolean connected;
        private long connectedAt;

        private Ticket(Destination destination, Consumer<Ticket> start) {
            this.destination = destination;
            this.start = start;
        }

        /**
         * Tells the gate which connection the call got, carrying {@code capacity} calls at once (1 for
         * HTTP/1.1). Returns what to run when that connection closes if the gate didn't know it yet,
         * null otherwise.
         */
        Runnable connected(Object connection, int capacity) {
            List<Ticket> started;
            int change;
            Runnable onClose = null;
            synchronized (destination) {
                long now = nanoTime.getAsLong();
                if (through) {
                    connected = true;
                    connectedAt = now;
                    if (opens) {
                        opens = false;
                        destination.opening--;
                        destination.onConnections++;
                    }
                }
                if (destination.connections.add(connection)) {
                    destination.capacity += capacity;
                    destination.handshakeNanos = average(destination.handshake(now), now - throughAt, HANDSHAKE_WEIGHT);
                    destination.handshakeAt = now;
                    onClose = () -> destination.closed(connection, capacity);
                }
                started = destination.letThrough();
                change = destination.beyondShareChange();
            }
            report(change);
            startAll(started);
            return onClose;
        }

        /** The call is over (or given up while waiting); safe to call more than once. */
        void leave() {
            List<Ticket> started;
            int change;
            synchronized (destination) {
                if (waiting) {
                    destination.waiting.remove(this);
                    waiting = false;
                } else if (through) {
                    through = false;
                    if (opens) {
                        destination.opening--;
                    } else {
                        destination.onConnections--;
                    }
                    if (connected) {
                        destination.callNanos =
                                average(destination.callNanos, nanoTime.getAsLong() - connectedAt, CALL_WEIGHT);
                    }
                } else {
                    return;
                }
                started = destination.letThrough();
                change = destination.beyondShareChange();
                destination.retireIfIdle();
            }
            report(change);
            startAll(started);
        }
    }

    private void report(int change) {
        if (change != 0) {
            beyondShare.accept(change);
        }
    }

    private void startAll(List<Ticket> started) {
        for (Ticket ticket : started) {
            later.accept(() -> ticket.start.accept(ticket));
        }
    }

    private static double average(double average, long sample, double weight) {
        return Double.isNaN(average) ? sample : average + weight * (sample - average);
    }

    /** One destination's connections and calls; guarded by its own lock. */
    private final class Destination {

        private final Object key;
        private final Set<Object> connections = new HashSet<>();
        private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
        /** Calls the open connections carry at once. */
        private int capacity;
        /** Calls on an open connection, or let through to take a free one. */
        private int onConnections;
        /** Calls let through to have a connection opened for them: handshakes under way. */
        private int opening;

        private double callNanos = Double.NaN;
        private double handshakeNanos = Double.NaN;
        private long handshakeAt;
        /** Calls waiting beyond the share, as last reported. */
        private int beyondShare;

        private boolean retired;

        private Destination(Object key) {
            this.key = key;
        }

        /** True: through now; false: waiting. */
        private boolean enter(Ticket ticket) {
            if (waiting.isEmpty() && mayPass(1)) {
                pass(ticket);
                return true;
            }
            ticket.waiting = true;
            waiting.addLast(ticket);
            return false;
        }

        private List<Ticket> letThrough() {
            List<Ticket> started = List.of();
            while (!waiting.isEmpty() && mayPass(waiting.size())) {
                Ticket ticket = waiting.pollFirst();
                ticket.waiting = false;
                pass(ticket);
                if (started.isEmpty()) {
                    started = new ArrayList<>();
                }
                started.add(ticket);
            }
            return started;
        }

        /** Whether the first of {@code queued} calls may go: under the cap, and a connection free or worth opening. */
        private boolean mayPass(int queued) {
            return onConnections + opening < maxCalls && (onConnections < capacity || mayOpen(queued));
        }

        /** How much the calls waiting beyond the share changed since last asked. */
        private int beyondShareChange() {
            int now = Math.max(0, waiting.size() - share);
            int change = now - beyondShare;
            beyondShare = now;
            return change;
        }

        private void pass(Ticket ticket) {
            ticket.through = true;
            ticket.throughAt = nanoTime.getAsLong();
            ticket.opens = onConnections >= capacity;
            if (ticket.opens) {
                opening++;
            } else {
                onConnections++;
            }
        }

        /** Whether one more connection should be opened for {@code queued} calls that find every connection busy. */
        private boolean mayOpen(int queued) {
            if (opening >= Math.max(MIN_HANDSHAKES, connections.size())) {
                return false;
            }
            if (capacity == 0 || Double.isNaN(callNanos) || Double.isNaN(handshakeNanos)) {
                return true;
            }
            // The expected wait of the last in line for a connection, counting those being opened, against a handshake.
            return queued * callNanos / (capacity + opening) > handshake(nanoTime.getAsLong());
        }

        /** The handshake time expected at {@code now}: the average measured, less as it ages. */
        private double handshake(long now) {
            return handshakeNanos * Math.pow(0.5, (double) (now - handshakeAt) / HANDSHAKE_HALF_LIFE_NANOS);
        }

        private void closed(Object connection, int connectionCapacity) {
            List<Ticket> started;
            int change;
            synchronized (this) {
                if (!connections.remove(connection)) {
                    return;
                }
                capacity -= connectionCapacity;
                started = letThrough();
                change = beyondShareChange();
                retireIfIdle();
            }
            report(change);
            startAll(started);
        }

        private void retireIfIdle() {
            if (connections.isEmpty() && onConnections == 0 && opening == 0 && waiting.isEmpty()) {
                retired = true;
                destinations.remove(key, this);
            }
        }
    }
}
