package dev.customactions.executor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(records.taken(P0, 4));
        assertTrue(records.taken(P0, 5));
        records.done(P0);
        records.done(P0);
        assertEquals(Map.of(P0, 6L), records.awaitDone(List.of(P0, P1), Duration.ofMillis(1)));
    }

    @Test
    void aPartitionWithARecordStillRunningIsNotCommitted() {
        var records = new RecordsInFlight();
        records.taken(P0, 4);
        assertEquals(Map.of(), records.awaitDone(List.of(P0), Duration.ofMillis(1)), "waited, then gave up");
    }

    @Test
    void aRecordOfAPartitionHandedOverIsNotTakenUntilItIsAssignedAgain() {
        var records = new RecordsInFlight();
        records.awaitDone(List.of(P0), Duration.ofMillis(1));
        assertFalse(records.taken(P0, 7), "its next owner reads it");
        assertTrue(records.taken(P1, 7), "other partitions go on");
        records.assigned(List.of(P0));
        assertTrue(records.taken(P0, 8));
    }
}
