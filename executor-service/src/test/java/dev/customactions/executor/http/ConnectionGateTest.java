package dev.customactions.executor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionGateTest {

    private static final String DESTINATION = "api.example.com";
    private static final long MS = 1_000_000L;
    private static final int MAX_CALLS = 64;
    private static final int SHARE = 20;

    private long now;
    private final List<Runnable> later = new ArrayList<>();
    private final List<ConnectionGate.Ticket> started = new ArrayList<>();
    private final AtomicInteger beyondShare = new AtomicInteger();
    private ConnectionGate gate;

    @BeforeEach
    void newGate() {
        gate = gate(MAX_CALLS);
    }

    private ConnectionGate gate(int maxCalls) {
        return new ConnectionGate(maxCalls, SHARE, () -> now, later::add, change -> {
            int after = beyondShare.addAndGet(change);
            assertTrue(after >= 0, "never fewer than none beyond the share: " + after);
        });
    }

    private ConnectionGate.Ticket call() {
        return gate.enter(DESTINATION, started::add);
    }

    /** Starts the calls let through since the last look, as the event loop would after its current task. */
    private int startLetThrough() {
        int count = later.size();
        List<Runnable> tasks = new ArrayList<>(later);
        later.clear();
        tasks.forEach(Runnable::run);
        return count;
    }

    /**
     * Opens {@code count} connections, each in {@code handshake}, times a 1 ms call on each, then keeps
     * each busy with a new call, which it returns.
     */
    private List<ConnectionGate.Ticket> busyConnections(int count, long handshake) {
        var opening = new ArrayList<ConnectionGate.Ticket>();
        for (int i = 0; i < count; i++) {
            opening.add(call());
        }
        now += handshake;
        for (int i = 0; i < count; i++) {
            opening.get(i).connected("connection " + (i + 1), 1);
        }
        now += 1 * MS;
        opening.forEach(ConnectionGate.Ticket::leave);
        var busy = new ArrayList<ConnectionGate.Ticket>();
        for (int i = 0; i < count; i++) {
            busy.add(call());
            assertNull(busy.get(i).connected("connection " + (i + 1), 1), "a free connection is reused");
        }
        assertEquals(0, startLetThrough());
        started.clear();
        return busy;
    }

    @Test
    void aCallGoesStraightThroughWhileAConnectionIsFreeAndReusesIt() {
        var first = call();
        assertEquals(List.of(first), started);
        assertNotNull(first.connected("connection 1", 1), "a new connection is registered for its closing");
        first.leave();

        var second = call();
        assertEquals(List.of(first, second), started, "the free connection takes the next call at once");
        assertNull(second.connected("connection 1", 1), "a known connection is not registered again");
        second.leave();
    }

    @Test
    void aColdDestinationOpensFourConnectionsAtOnceThenGrowsWithThoseOpen() {
        var calls = new ArrayList<ConnectionGate.Ticket>();
        for (int i = 0; i < 12; i++) {
            calls.add(call());
        }
        assertEquals(ConnectionGate.MIN_HANDSHAKES, started.size(), "four handshakes at once, the others wait");

        now += 5 * MS;
        calls.get(0).connected("connection 1", 1);
        assertEquals(1, startLetThrough(), "one handshake done, one more may start");
        for (int i = 1; i < 5; i++) {
            calls.get(i).connected("connection " + (i + 1), 1);
        }
        assertEquals(5, startLetThrough(), "with five connections open, five handshakes may be under way");
        assertEquals(10, started.size());
    }

    @Test
    void whenCallsAreFastAndHandshakesSlowABurstWaitsForBusyConnections() {
        var busy = busyConnections(2, 10 * MS);
        // The wait of the n-th in line is about n × 1 ms / 2 connections: under a 10 ms handshake up to 19 waiting.
        var waiting = new ArrayList<ConnectionGate.Ticket>();
        for (int i = 0; i < 19; i++) {
            waiting.add(call());
        }
        assertEquals(List.of(), started, "19 calls in line wait 9.5 ms at most: no handshake is worth it");
        assertEquals(0, startLetThrough());

        now += 1 * MS;
        busy.get(0).leave();
        assertEquals(1, startLetThrough(), "a connection given back takes the first in line");
        assertEquals(waiting.get(0), started.get(0));
    }

    @Test
    void aHandshakeTimeMeasuredLongAgoCountsForLess() {
        busyConnections(1, 10 * MS);
        for (int i = 0; i < 3; i++) {
            call();
        }
        assertEquals(0, startLetThrough(), "three in line wait 3 ms at most, against a 10 ms handshake");

        now += 2 * ConnectionGate.HANDSHAKE_HALF_LIFE_NANOS;
        call();
        assertEquals(
                1,
                startLetThrough(),
                "20 s on, the 10 ms measured counts as 2.5 ms: four in line are worth a connection");
    }

    @Test
    void aLongEnoughLineOpensAConnection() {
        busyConnections(1, 5 * MS / 2);
        // One connection, 1 ms calls, 2.5 ms handshakes: the n-th in line would wait n ms.
        var first = call();
        call();
        assertEquals(0, startLetThrough(), "two in line wait 2 ms at most: no better than a handshake");
        assertEquals(List.of(), started);
        call();
        assertEquals(
                1,
                startLetThrough(),
                "the third in line would wait 3 ms: a connection is opened, for the first in line");
        assertEquals(List.of(first), started);
    }

    @Test
    void noCallIsRefusedHoweverLongTheLineAndEachGoesInItsTurnUnderTheCap() {
        gate = gate(2);
        var calls = new ArrayList<ConnectionGate.Ticket>();
        for (int i = 0; i < 1002; i++) {
            calls.add(gate.enter(DESTINATION, started::add));
        }
        assertEquals(calls.subList(0, 2), started, "two through (the cap), though four handshakes could start");
        assertEquals(1000, gate.waiting(), "the others wait, none refused");
        calls.get(0).connected("connection 1", 1);
        calls.get(1).connected("connection 2", 1);
        for (int done = 0; done < 1000; done++) {
            now += 1 * MS;
            calls.get(done).leave();
            assertEquals(1, startLetThrough(), "a call done lets exactly one more through");
            calls.get(done + 2).connected("connection " + (done % 2 + 1), 1);
        }
        assertEquals(calls, started, "every call went, in the order it came");
        assertEquals(0, gate.waiting());
    }

    @Test
    void callsWaitingBeyondTheShareAreReportedAsTheLineGrowsAndShrinks() {
        gate = gate(1);
        var first = call();
        first.connected("connection 1", 1);
        var line = new ArrayList<ConnectionGate.Ticket>();
        for (int i = 0; i < SHARE + 5; i++) {
            line.add(call());
        }
        assertEquals(5, beyondShare.get(), "25 in line, 20 of them within the share");
        line.get(SHARE + 4).leave();
        assertEquals(4, beyondShare.get(), "a call given up while waiting leaves the line");
        first.leave();
        startLetThrough();
        assertEquals(3, beyondShare.get(), "the first in line went through");
        for (int i = 0; i < SHARE + 3; i++) {
            line.get(i).connected("connection 1", 1);
            line.get(i).leave();
            startLetThrough();
        }
        assertEquals(0, beyondShare.get());
        assertEquals(0, gate.waiting());
    }

    @Test
    void aLongLineForOneDestinationDoesNotHoldAnotherBack() {
        gate = gate(1);
        call().connected("connection 1", 1);
        for (int i = 0; i < 100; i++) {
            call();
        }
        started.clear();
        var other = gate.enter("other.example.com", started::add);
        assertEquals(List.of(other), started, "the other destination's call goes at once");
        assertEquals(100, gate.waiting());
    }

    @Test
    void aCallGivenUpWhileWaitingLeavesTheLine() {
        var busy = call();
        busy.connected("connection 1", 1);
        for (int i = 0; i < ConnectionGate.MIN_HANDSHAKES; i++) {
            call();
        }
        var givenUp = call();
        var next = call();
        started.clear();
        givenUp.leave();
        busy.leave();
        startLetThrough();
        assertEquals(List.of(next), started, "the connection given back goes to the next in line");
        givenUp.leave();
    }

    @Test
    void aClosedConnectionNoLongerCountsAndAnIdleDestinationIsForgotten() {
        var first = call();
        Runnable closed = first.connected("connection 1", 1);
        first.leave();
        assertEquals(1, gate.destinations());

        closed.run();
        assertEquals(0, gate.destinations(), "no connection, no call: nothing kept");
        closed.run();

        var second = call();
        assertEquals(List.of(first, second), started);
        assertNotNull(second.connected("connection 2", 1), "a new connection, counted again");
        second.leave();
    }
}
