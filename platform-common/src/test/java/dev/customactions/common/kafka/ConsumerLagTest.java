package dev.customactions.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    private static final TopicPartition EVENTS_0 = new TopicPartition("channel.events", 0);
    private static final TopicPartition EVENTS_1 = new TopicPartition("channel.events", 1);
    private static final TopicPartition RESULTS_0 = new TopicPartition("action.results", 0);

    @Test
    void lagIsTheTopicsEndOffsetsLessTheCommittedOnes() {
        var ends = Map.of(EVENTS_0, 120L, EVENTS_1, 40L, RESULTS_0, 1_000L);
        var committed = Map.of(
                EVENTS_0,
                new OffsetAndMetadata(100),
                EVENTS_1,
                new OffsetAndMetadata(40),
                RESULTS_0,
                new OffsetAndMetadata(1));
        assertEquals(20, ConsumerLag.lag("channel.events", Map.of(), ends, committed));
        assertEquals(999, ConsumerLag.lag("action.results", Map.of(), ends, committed));
    }

    @Test
    void aPartitionNeverCommittedCountsFromItsFirstKeptRecordAndNoneIsNegative() {
        var ends = Map.of(EVENTS_0, 7L, EVENTS_1, 5L);
        assertEquals(7, ConsumerLag.lag("channel.events", Map.of(), ends, Map.of(EVENTS_1, new OffsetAndMetadata(9))));
        // Retention deleted the first 7 records of partition 0: nothing is pending there.
        assertEquals(
                0,
                ConsumerLag.lag(
                        "channel.events",
                        Map.of(EVENTS_0, 7L, EVENTS_1, 5L),
                        ends,
                        Map.of(EVENTS_1, new OffsetAndMetadata(2))));
    }
}
