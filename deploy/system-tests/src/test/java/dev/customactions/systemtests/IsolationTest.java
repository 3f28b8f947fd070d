package dev.customactions.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.common.testing.TopicTail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one bad actor must not do to the others: a poison record on a topic goes to its dead-letter
 * topic and the stream continues; a third party that never answers does not slow the actions of
 * other hosts.
 */
@ExtendWith(Platform.class)
class IsolationTest {

    static StandIn shop;
    static StandIn hanging;

    @BeforeAll
    static void standIns() {
        shop = StandIn.start().otherwise(StandIn.echoOrder());
        hanging = StandIn.start().otherwise(StandIn.hang());
    }

    @AfterAll
    static void close() {
        shop.close();
        hanging.close();
    }

    @Test
    void aPoisonRecordOnEachTopicGoesToItsDeadLetterTopicAndTheStreamContinues() throws Exception {
        String kafka = Platform.launcher().kafkaBootstrapServers();
        Story story = Story.create("Poison", shop.url("127.0.0.1", ""), 5000);
        try (var results = TopicTail.of(kafka, "action.results")) {
            for (String topic : List.of("channel.events", "action.invocations", "action.results")) {
                String id = "poison-" + UUID.randomUUID();
                try (var dlq = TopicTail.of(kafka, topic + ".dlq")) {
                    TestRecords.publish(
                            kafka,
                            topic,
                            story.workspaceId + ":poisoned",
                            id,
                            "dev.customactions.test.poison",
                            "{\"this is\": not json");
                    var dead = dlq.awaitRecord(Duration.ofSeconds(60), r -> id.equals(TopicTail.header(r, "ce_id")));
                    assertNotNull(TopicTail.header(dead, "dead-letter-reason"), "the reason travels with the record");
                    System.out.printf(
                            "[poison] %s -> %s.dlq (%s)%n", topic, topic, TopicTail.header(dead, "dead-letter-reason"));
                }
            }
            story.probe(results);
        }
    }

    @Test
    void aThirdPartyThatNeverAnswersDoesNotSlowOtherHosts() throws Exception {
        Story slow = Story.create("Hanging shop", hanging.url("127.0.0.1", ""), 10_000);
        Story fine = Story.create("Fine shop", shop.url("127.0.0.1", ""), 5_000);
        try (var results = TopicTail.of(Platform.launcher().kafkaBootstrapServers(), "action.results")) {
            fine.probe(results);
            List<Long> before = latencies(fine, results, 20);
            var stuck = CompletableFuture.supplyAsync(() -> slow.send(200, 1, 32));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> hanging.callCount() >= 64);
            List<Long> during = latencies(fine, results, 40);
            int hangingCalls = hanging.callCount();
            assertEquals(
                    200, stuck.join().stream().filter(s -> s.status() == 200).count());
            long p99Before = percentile(before, 0.99);
            long p99During = percentile(during, 0.99);
            System.out.printf(
                    "[hanging third party] %d calls hanging; other host end-to-end latency p50/p99: before %d/%d ms, "
                            + "during %d/%d ms%n",
                    hangingCalls, percentile(before, 0.5), p99Before, percentile(during, 0.5), p99During);
            assertTrue(
                    p99During < 2_000,
                    "the other host's actions did not wait behind the hanging calls (10 s each): p99 " + p99During
                            + " ms");
        }
    }

    /** End-to-end latencies (message sent to result seen) of {@code count} messages sent one after the other. */
    static List<Long> latencies(Story story, TopicTail results, int count) {
        var latencies = new ArrayList<Long>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            var sent = story.send(1, 1, 1).get(0);
            assertEquals(200, sent.status());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> story.results(results).containsKey(sent.eventId()));
            latencies.add((System.nanoTime() - start) / 1_000_000L);
        }
        return latencies;
    }

    static long percentile(List<Long> values, double p) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
