package dev.customactions.executor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecordsInFlightTest {

    private static final TopicPartition P0 = new TopicPartition("channel.events", 0);
    private static final TopicPartition P1 = new TopicPartition("channel.events", 1);

    @Test
    void aPartitionWhoseRecordsAreDoneIsCommittedPastTheLastTaken() {
        var records = new RecordsInFlight();
        var first = records.taken(P0, 4, 1);
        var second = records.taken(P0, 5, 1);
        records.done(first);
        records.done(second);
        assertEquals(Map.of(P0, 6L), records.awaitDone(List.of(P0, P1), Duration.ofMillis(1), () -> {}));
    }

    @Test
    void aPartitionWithARecordStillRunningIsNotCommitted() {
        var records = new RecordsInFlight();
        records.taken(P0, 4, 1);
        assertEquals(Map.of(), records.awaitDone(List.of(P0), Duration.ofMillis(1), () -> {}), "waited, then gave up");
    }

    @Test
    void aHandOverDropsWhatWaitsWhileItWaitsAndTakesNoRecordMeanwhile() {
        var records = new RecordsInFlight();
        var waiting = records.taken(P0, 4, 1);
        var calls = new int[1];
        var next = records.awaitDone(List.of(P0), Duration.ofSeconds(30), () -> {
            calls[0]++;
            assertNull(records.taken(P0, 5, 1), "no record of a partition being handed over is taken");
            records.dropped(waiting, 4); // the waiting record dropped: its next owner runs it
        });
        assertEquals(Map.of(P0, 4L), next, "done at once: up to the record dropped, not past it");
        assertEquals(1, calls[0]);
    }

    @Test
    void aRecordOfAPartitionHandedOverIsNotTakenUntilItIsAssignedAgainNorOneReadBefore() {
        var records = new RecordsInFlight();
        records.awaitDone(List.of(P0), Duration.ofMillis(1), () -> {});
        assertNull(records.taken(P0, 7, 1), "its next owner reads it");
        assertNotNull(records.taken(P1, 7, 1), "other partitions go on");
        records.assigned(List.of(P0), 3);
        assertNull(records.taken(P0, 7, 2), "read before the partition came back: read again since");
        assertNotNull(records.taken(P0, 8, 3));
    }

    @Test
    void aRecordOfAnEarlierAssignmentDoneLateDoesNotCountAgainstTheNewOne() {
        var records = new RecordsInFlight();
        var stuck = records.taken(P0, 4, 1);
        assertEquals(Map.of(), records.awaitDone(List.of(P0), Duration.ofMillis(1), () -> {}), "gave up on it");
        records.assigned(List.of(P0), 2);
        records.taken(P0, 4, 2);
        records.done(stuck);
        assertEquals(
                Map.of(),
                records.awaitDone(List.of(P0), Duration.ofMillis(1), () -> {}),
                "the record read again is still running: not committed past it");
    }

    @Test
    void aPollIsAcknowledgedOnlyWhileItsPartitionIsAssignedAsWhenItWasRead() {
        var records = new RecordsInFlight();
        records.assigned(List.of(P0), 2);
        var acknowledged = new int[1];
        records.ifStillAssigned(P0, 2, () -> acknowledged[0]++);
        records.ifStillAssigned(P0, 3, () -> acknowledged[0]++);
        assertEquals(2, acknowledged[0], "read in this assignment, or kept through a later rebalance");
        records.awaitDone(List.of(P0), Duration.ofMillis(1), () -> {});
        records.ifStillAssigned(P0, 3, () -> acknowledged[0]++);
        assertEquals(2, acknowledged[0], "handed over: not acknowledged");
        records.assigned(List.of(P0), 5);
        records.ifStillAssigned(P0, 3, () -> acknowledged[0]++);
        assertEquals(2, acknowledged[0], "back here: a poll of the earlier assignment is not acknowledged");
    }

    @Test
    void anAssignmentAfterPartitionsLostWithoutAHandOverStartsAfresh() {
        var records = new RecordsInFlight();
        records.taken(P0, 9, 1);
        records.assigned(List.of(P0), 2); // lost, never revoked: the record at 9 is forgotten with its assignment
        var again = records.taken(P0, 4, 2);
        records.done(again);
        assertEquals(Map.of(P0, 5L), records.awaitDone(List.of(P0), Duration.ofMillis(1), () -> {}));
    }
}
