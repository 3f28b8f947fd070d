package dev.customactions.executor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConnectionGateTest {

    private final List<Integer> started = new ArrayList<>();

    private boolean call(ConnectionGate gate, int id) {
        return gate.enter(() -> started.add(id));
    }

    @Test
    void withoutOpenConnectionsOnlyTheConnectBudgetStartsAndEachOpenedConnectionLetsOneMoreIn() {
        var gate = new ConnectionGate(2, 10);
        for (int i = 0; i < 5; i++) {
            assertTrue(call(gate, i));
        }
        assertEquals(List.of(0, 1), started, "two calls may wait for new connections, the rest wait their turn");
        assertEquals(3, gate.waitingCalls());
        gate.opened(1);
        assertEquals(List.of(0, 1, 2), started, "an open connection carries one more call");
        gate.opened(1);
        assertEquals(List.of(0, 1, 2, 3), started);
        gate.leave();
        assertEquals(List.of(0, 1, 2, 3, 4), started, "a call that ends frees its place, in arrival order");
        assertEquals(0, gate.waitingCalls());
    }

    @Test
    void anHttp2ConnectionCarriesItsStreamsAndAFullQueueRefuses() {
        var gate = new ConnectionGate(1, 2);
        gate.opened(16);
        for (int i = 0; i < 17; i++) {
            assertTrue(call(gate, i));
        }
        assertEquals(17, started.size(), "16 streams on the open connection and one call that may open another");
        assertTrue(call(gate, 17));
        assertTrue(call(gate, 18));
        assertFalse(call(gate, 19), "beyond the waiting bound a call is refused");
        assertEquals(17, started.size());
        gate.closed(16);
        for (int i = 0; i < 16; i++) {
            gate.leave();
        }
        assertEquals(17, started.size(), "with its connection closed, the one call left in progress holds the connect budget");
        gate.leave();
        assertEquals(18, started.size(), "the next waiting call may open a connection once that one ends");
        assertFalse(gate.idle());
    }

    @Test
    void aGateWithNothingOpenInProgressOrWaitingIsIdle() {
        var gate = new ConnectionGate(1, 1);
        assertTrue(call(gate, 0));
        gate.opened(1);
        assertFalse(gate.idle());
        gate.leave();
        gate.closed(1);
        assertTrue(gate.idle());
    }
}
