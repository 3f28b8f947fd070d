package dev.customactions.executor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final long MINUTE = 60_000_000_000L;

    private long now;
    private final Admission admission = admission(3, 3, 100);

    private Admission admission(int max, int perLane, int maxWaiting) {
        return new Admission(max, perLane, maxWaiting, MINUTE, () -> now);
    }

    private static List<Admission.Entry> enter(Admission admission, String lane, int count) {
        var entries = new ArrayList<Admission.Entry>();
        for (int i = 0; i < count; i++) {
            entries.add(admission.enter(lane));
        }
        return entries;
    }

    private static long admitted(List<Admission.Entry> entries) {
        return entries.stream()
                .map(Admission.Entry::admitted)
                .filter(CompletableFuture::isDone)
                .count();
    }

    @Test
    void beyondTheLimitARecordWaitsForAPlaceAndGetsItInTurn() {
        var entries = enter(admission, "w", 5);
        assertEquals(3, admitted(entries));
        assertTrue(entries.stream().allMatch(e -> e.taken().isDone()), "waiting records are taken: room for 100");
        admission.release("w");
        assertTrue(entries.get(3).admitted().isDone(), "the first waiting takes the place given back");
        assertFalse(entries.get(4).admitted().isDone());
        admission.release("w");
        assertTrue(entries.get(4).admitted().isDone());
        assertEquals(3, admission.inFlight());
        assertEquals(0, admission.waiting());
    }

    @Test
    void runsStandingAsideFreeTheirPlacesUpToTheLimitAgain() {
        var entries = enter(admission, "w", 8);
        assertEquals(3, admitted(entries));
        admission.aside(2);
        assertEquals(5, admitted(entries), "two runs wait beyond their host's share: two more records run");
        admission.aside(5);
        assertEquals(6, admitted(entries), "at most 3 stand aside: never more than twice the limit admitted");
        assertEquals(6, admission.inFlight());
        admission.aside(-7);
        admission.release("w");
        admission.release("w");
        admission.release("w");
        assertEquals(6, admitted(entries), "back in line, the aside runs hold places again: none free yet");
        admission.release("w");
        assertEquals(7, admitted(entries));
    }

    @Test
    void aFloodingWorkspaceHoldsAtMostItsShareAndTheOthersAreAdmittedInTurn() {
        var shared = admission(4, 3, 100);
        shared.enter("b");
        shared.release("b");
        var flood = enter(shared, "a", 10);
        assertEquals(3, admitted(flood), "a workspace holds at most its share");
        var steady = shared.enter("b");
        assertTrue(steady.admitted().isDone(), "the place left is another workspace's at once");
        var next = shared.enter("b");
        assertFalse(next.admitted().isDone(), "every place taken");
        shared.release("a");
        assertTrue(next.admitted().isDone(), "b's turn comes before a's next record");
        assertEquals(3, admitted(flood));
        shared.release("b");
        assertEquals(4, admitted(flood), "a's turn again");
    }

    @Test
    void beyondTheWaitingRoomTheConsumerWaitsToTakeTheNextRecord() {
        var small = admission(1, 1, 2);
        var entries = enter(small, "a", 4);
        assertEquals(1, admitted(entries));
        assertTrue(entries.get(2).taken().isDone(), "two wait in memory");
        assertFalse(entries.get(3).taken().isDone(), "the third to wait is not taken yet: the consumer waits");
        var other = small.enter("b");
        assertFalse(other.taken().isDone(), "behind the consumer already waiting");
        small.release("a");
        assertTrue(entries.get(3).taken().isDone(), "a record admitted leaves room to take one more");
        assertFalse(other.taken().isDone(), "three wait, two of a and b's, beyond the room for two");
        assertEquals(3, small.waiting());
        small.release("a");
        assertTrue(other.admitted().isDone(), "b's turn before a's two waiting");
        assertTrue(other.taken().isDone());
        assertEquals(2, small.waiting());
    }

    @Test
    void aWorkspaceAloneIsNotHeldToItsShareAndIsOnceTheOthersAreActive() {
        var alone = admission(10, 2, 100);
        var flood = enter(alone, "a", 6);
        assertEquals(6, admitted(flood), "no other workspace: every place it asks for");
        var other = alone.enter("b");
        assertTrue(other.admitted().isDone(), "room left");
        var more = enter(alone, "a", 2);
        assertEquals(0, admitted(more), "b active: a is over its share of 2");
        now += MINUTE + 1;
        alone.release("b");
        assertEquals(2, admitted(more), "b idle for a minute: a alone again");
    }

    @Test
    void theLaneIsTheKeysWorkspace() {
        assertEquals("w1", RunDispatcher.lane("w1:conversation-7"));
        assertEquals("w1", RunDispatcher.lane("w1:invocation:x"));
        assertEquals("no-workspace", RunDispatcher.lane("no-workspace"));
    }
}
