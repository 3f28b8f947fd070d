package dev.customactions.executor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final long MINUTE = 60_000_000_000L;
    private static final TopicPartition P0 = new TopicPartition("channel.events", 0);
    private static final TopicPartition P1 = new TopicPartition("channel.events", 1);

    private long now;
    private long offset;
    private final Admission admission = admission(3, 3, 100);

    private Admission admission(int max, int perLane, long maxWaitingBytes) {
        return new Admission(max, perLane, maxWaitingBytes, MINUTE, () -> now);
    }

    /** A record asking for a place: whether it started or was dropped, and whether the consumer may go on. */
    private static final class Asked {
        boolean started;
        boolean dropped;
        CompletableFuture<Void> taken;
    }

    private Asked enter(Admission admission, String lane, TopicPartition partition, int bytes) {
        return enter(admission, lane, partition, bytes, true);
    }

    private Asked enter(Admission admission, String lane, TopicPartition partition, int bytes, boolean waitsForRoom) {
        var asked = new Asked();
        long at = offset++;
        asked.taken = admission.enter(() -> new Admission.Ticket(
                lane.split(" ", -1)[0],
                lane,
                partition,
                at,
                bytes,
                waitsForRoom,
                () -> asked.started = true,
                () -> asked.dropped = true));
        return asked;
    }

    private List<Asked> enter(Admission admission, String lane, int count) {
        var asked = new ArrayList<Asked>();
        for (int i = 0; i < count; i++) {
            asked.add(enter(admission, lane, P0, 1));
        }
        return asked;
    }

    private static long started(List<Asked> asked) {
        return asked.stream().filter(a -> a.started).count();
    }

    @Test
    void beyondTheLimitARecordWaitsForAPlaceAndGetsItInTurn() {
        var asked = enter(admission, "w", 5);
        assertEquals(3, started(asked));
        assertTrue(asked.stream().allMatch(a -> a.taken.isDone()), "waiting records are taken: room for 100 bytes");
        admission.release("w");
        assertTrue(asked.get(3).started, "the first waiting takes the place given back");
        assertFalse(asked.get(4).started);
        admission.release("w");
        assertTrue(asked.get(4).started);
        assertEquals(3, admission.inFlight());
        assertEquals(0, admission.waiting());
    }

    @Test
    void runsStandingAsideFreeTheirPlacesUpToTheLimitAgain() {
        var asked = enter(admission, "w", 8);
        assertEquals(3, started(asked));
        admission.aside(2);
        assertEquals(5, started(asked), "two runs wait beyond their host's share: two more records run");
        admission.aside(5);
        assertEquals(6, started(asked), "at most 3 stand aside: never more than twice the limit admitted");
        assertEquals(6, admission.inFlight());
        admission.aside(-7);
        admission.release("w");
        admission.release("w");
        admission.release("w");
        assertEquals(6, started(asked), "back in line, the aside runs hold places again: none free yet");
        admission.release("w");
        assertEquals(7, started(asked));
    }

    @Test
    void aFloodingWorkspaceHoldsAtMostItsShareAndTheOthersAreAdmittedInTurn() {
        var shared = admission(4, 3, 100);
        enter(shared, "b", 1);
        shared.release("b");
        var flood = enter(shared, "a", 10);
        assertEquals(3, started(flood), "a workspace holds at most its share");
        assertTrue(enter(shared, "b", P1, 1).started, "the place left is another workspace's at once");
        var next = enter(shared, "b", P1, 1);
        assertFalse(next.started, "every place taken");
        shared.release("a");
        assertTrue(next.started, "b's turn comes before a's next record");
        assertEquals(3, started(flood));
        shared.release("b");
        assertEquals(4, started(flood), "a's turn again");
    }

    @Test
    void aWorkspaceAloneIsNotHeldToItsShareAndIsOnceTheOthersAreActive() {
        var alone = admission(10, 2, 100);
        var flood = enter(alone, "a", 6);
        assertEquals(6, started(flood), "no other workspace: every place it asks for");
        assertTrue(enter(alone, "b", P1, 1).started, "room left");
        var more = enter(alone, "a", 2);
        assertEquals(0, started(more), "b active: a is over its share of 2");
        now += MINUTE + 1;
        alone.release("b");
        assertEquals(2, started(more), "b idle for a minute: a alone again");
        var fresh = admission(10, 2, 100);
        assertTrue(enter(fresh, "a invocations", P1, 1).started);
        assertEquals(4, started(enter(fresh, "a", 4)), "its own invocations are not another workspace");
    }

    @Test
    void beyondTheWaitingRoomsBytesTheConsumerWaitsToTakeTheNextRecord() {
        var small = admission(1, 1, 2_000);
        var running = enter(small, "a", P0, 1_000);
        var first = enter(small, "a", P0, 1_000);
        var second = enter(small, "a", P0, 1_000);
        assertTrue(running.started);
        assertTrue(first.taken.isDone(), "1,000 bytes wait in memory");
        assertTrue(second.taken.isDone(), "2,000 bytes wait: the room is full, not beyond");
        var third = enter(small, "a", P0, 1_000);
        assertFalse(third.taken.isDone(), "3,000 bytes would wait: the consumer waits before it reads on");
        assertEquals(3, small.waiting());
        small.release("a");
        assertTrue(first.started);
        assertTrue(third.taken.isDone(), "a record started leaves room: the consumer reads on");
        enter(small, "a", P0, 1_000);
        var invocation = enter(small, "a invocations", P1, 1_000, false);
        assertTrue(invocation.taken.isDone(), "an invocation's consumer never waits for the room");
    }

    @Test
    void aPartitionHandedOverDropsItsRecordsStillWaitingAndNamesTheFirst() {
        var running = enter(admission, "a", 3);
        var onP0 = enter(admission, "a", P0, 10);
        var onP1 = enter(admission, "a", P1, 10);
        var laterOnP0 = enter(admission, "a", P0, 10);
        assertEquals(
                Map.of(P0, 3L), admission.drop(List.of(P0)), "offsets 3 and 5 waited on P0: the commit stops at 3");
        assertTrue(onP0.dropped && laterOnP0.dropped);
        assertFalse(onP1.dropped, "another partition's record still waits");
        assertEquals(1, admission.waiting());
        admission.release("a");
        assertTrue(onP1.started);
        assertFalse(onP0.started || laterOnP0.started, "a dropped record never starts");
        assertEquals(3, started(running));
        var late = enter(admission, "a", P0, 10);
        assertTrue(late.dropped && late.taken.isDone(), "a record of a partition being handed over is dropped at once");
        admission.reopen(List.of(P0));
        admission.release("a");
        var again = enter(admission, "a", P0, 10);
        assertTrue(again.started, "assigned here again: its records are run");
    }

    @Test
    // enter's futures are not needed: the test reads what the tickets did.
    @SuppressWarnings("FutureReturnValueIgnored")
    void aLongChainOfRecordsDoneAtOnceDoesNotDeepenTheStack() {
        var one = admission(1, 1, Long.MAX_VALUE);
        int count = 20_000;
        var startedCount = new int[1];
        var depth = new int[] {0, 0};
        for (int i = 0; i < count; i++) {
            long at = i;
            one.enter(() -> new Admission.Ticket(
                    "a",
                    "a",
                    P0,
                    at,
                    1,
                    true,
                    () -> {
                        startedCount[0]++;
                        depth[1] = Math.max(depth[1], Thread.currentThread().getStackTrace().length);
                        if (startedCount[0] > 1) {
                            one.release("a"); // done at once: the next starts from the loop, not from here
                        }
                    },
                    () -> {}));
        }
        one.release("a");
        assertEquals(count, startedCount[0]);
        assertTrue(depth[1] < 200, "the stack stays flat: " + depth[1] + " frames at most");
    }

    @Test
    void theLaneIsTheKeysWorkspace() {
        assertEquals("w1", RunDispatcher.workspace("w1:conversation-7"));
        assertEquals("w1", RunDispatcher.workspace("w1:invocation:x"));
        assertEquals("no-workspace", RunDispatcher.workspace("no-workspace"));
    }
}
