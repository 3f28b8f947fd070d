package dev.customactions.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TopicTail;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults on the running platform, each bounded in time: the executor killed mid-run, the Kafka
 * broker and PostgreSQL stopped and started under load. Each test prints its figures and asserts
 * that nothing acknowledged was lost and nothing was applied twice, and that the stored data is
 * what a clean run stores (the last message of each conversation is its last_order).
 */
@ExtendWith(Platform.class)
class FaultTest {

    static StandIn shop;

    @BeforeAll
    static void shop() {
        shop = StandIn.start().otherwise(StandIn.echoOrder());
    }

    @AfterAll
    static void closeShop() {
        shop.close();
    }

    /** What a fault test saw. */
    record Figures(
            String test,
            int sent,
            int acknowledged,
            int results,
            int republished,
            int duplicateRuns,
            int lost,
            int wrongStored) {

        void print() {
            System.out.printf(
                    "[%s] sent %d, acknowledged %d, results %d (run ids), republished records %d, "
                            + "duplicate runs %d, lost %d, conversations stored wrong %d%n",
                    test, sent, acknowledged, results, republished, duplicateRuns, lost, wrongStored);
        }
    }

    /** Waits until every acknowledged message has its result, then counts and checks the stored data. */
    static Figures settle(String test, Story story, List<Story.Sent> sent, TopicTail results) {
        List<Story.Sent> acknowledged =
                sent.stream().filter(s -> s.status() == 200).toList();
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> story.results(results)
                            .keySet()
                            .containsAll(acknowledged.stream()
                                    .map(Story.Sent::eventId)
                                    .toList()));
        } catch (ConditionTimeoutException e) {
            // counted as lost below
        }
        var acknowledgedIds = acknowledged.stream().map(Story.Sent::eventId).collect(Collectors.toSet());
        Map<String, List<JsonNode>> byEvent = new HashMap<>(story.results(results));
        byEvent.keySet().retainAll(acknowledgedIds);
        int lost = (int) acknowledged.stream()
                .filter(s -> !byEvent.containsKey(s.eventId()))
                .count();
        int duplicateRuns = 0;
        int republished = 0;
        int runIds = 0;
        for (var entry : byEvent.entrySet()) {
            int distinct = (int) entry.getValue().stream()
                    .map(r -> r.get("run_id").asText())
                    .distinct()
                    .count();
            runIds += distinct;
            duplicateRuns += distinct - 1;
            republished += entry.getValue().size() - distinct;
        }
        // A message answered 503 may still have been taken: its record can reach Kafka after the gateway
        // gave up waiting, and the client's retry under the same event_id is then recognised. So a
        // conversation ends on its last acknowledged message or on a later one that was refused.
        var allowed = new HashMap<String, Set<String>>();
        Map<String, List<Story.Sent>> byConversation =
                sent.stream().collect(Collectors.groupingBy(Story.Sent::conversation));
        byConversation.forEach((conversation, messages) -> {
            int lastAcknowledged = messages.stream()
                    .filter(m -> m.status() == 200)
                    .mapToInt(m -> index(m.body()))
                    .max()
                    .orElse(-1);
            if (lastAcknowledged >= 0) {
                allowed.put(
                        conversation,
                        messages.stream()
                                .filter(m -> index(m.body()) >= lastAcknowledged)
                                .map(Story.Sent::body)
                                .collect(Collectors.toSet()));
            }
        });
        var wrong = new ConcurrentHashMap<String, String>();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        wrong.clear();
                        allowed.forEach((conversation, bodies) -> {
                            String stored = story.lastOrder(conversation);
                            if (!bodies.contains(stored)) {
                                wrong.put(conversation, stored + " (expected one of " + bodies + ")");
                            }
                        });
                        return wrong.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            wrong.entrySet().stream()
                    .limit(5)
                    .forEach(
                            w -> System.out.printf("[%s] conversation %s stored %s%n", test, w.getKey(), w.getValue()));
        }
        var figures = new Figures(
                test, sent.size(), acknowledged.size(), runIds, republished, duplicateRuns, lost, wrong.size());
        figures.print();
        return figures;
    }

    static int index(String body) {
        return Integer.parseInt(body.substring(body.lastIndexOf('-') + 1));
    }

    @Test
    void theExecutorKilledMidRunLosesNothingAndRunsNothingTwice() throws Exception {
        Story story = Story.create("Executor crash", shop.url("127.0.0.1", ""), 5000);
        try (var results = TopicTail.of(Platform.launcher().kafkaBootstrapServers(), "action.results")) {
            story.probe(results);
            var sending = CompletableFuture.supplyAsync(() -> story.send(200, 15, 48));
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> story.results(results).size() >= 600);
            Platform.launcher().kill("executor-service");
            System.out.println("[executor crash] executor killed with SIGKILL after "
                    + story.results(results).size() + " results");
            Platform.launcher().restart("executor-service");
            Figures figures = settle("executor crash", story, sending.join(), results);
            assertEquals(3000, figures.acknowledged(), "the gateway took every message");
            assertEquals(0, figures.lost());
            assertEquals(0, figures.duplicateRuns());
            assertEquals(figures.acknowledged(), figures.results());
            assertEquals(0, figures.wrongStored());
        }
    }

    @Test
    void theBrokerStoppedDuringIngestionLosesNothingAcknowledged() throws Exception {
        Story story = Story.create("Broker outage", shop.url("127.0.0.1", ""), 5000);
        try (var results = TopicTail.of(Platform.launcher().kafkaBootstrapServers(), "action.results")) {
            var broker = Platform.launcher().stack().broker().orElseThrow();
            story.probe(results);
            var sending = CompletableFuture.supplyAsync(() -> story.send(100, 20, 16));
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> story.results(results).size() >= 200);
            broker.stop();
            System.out.println("[broker outage] broker stopped");
            // The outage lasts until clients have felt it: 20 messages answered 503.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> story.refused.get() >= 20);
            broker.start();
            System.out.println("[broker outage] broker started");
            List<Story.Sent> sent = sending.join();
            Figures figures = settle("broker outage", story, sent, results);
            long refused = sent.stream().filter(s -> s.status() == 503).count();
            System.out.printf(
                    "[broker outage] answered 503 (client may retry): %d, other: %d%n",
                    refused,
                    sent.stream()
                            .filter(s -> s.status() != 200 && s.status() != 503)
                            .count());
            assertEquals(0, figures.lost());
            assertEquals(0, figures.duplicateRuns());
            assertEquals(sent.size(), figures.acknowledged() + refused, "every message was answered 200 or 503");
            assertEquals(0, figures.wrongStored());
        }
    }

    @Test
    void postgresStoppedWhileResultsAreAppliedPausesAndResumes() throws Exception {
        Story story = Story.create("Database outage", shop.url("127.0.0.1", ""), 5000);
        try (var results = TopicTail.of(Platform.launcher().kafkaBootstrapServers(), "action.results")) {
            var postgres = Platform.launcher().stack().postgres();
            story.probe(results);
            var sending = CompletableFuture.supplyAsync(() -> story.send(100, 10, 16));
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> story.results(results).size() >= 100);
            postgres.stop();
            System.out.println("[database outage] PostgreSQL stopped");
            // The outage lasts until clients have felt it: 20 messages answered 503.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> story.refused.get() >= 20);
            postgres.restart();
            System.out.println("[database outage] PostgreSQL started");
            List<Story.Sent> sent = sending.join();
            Figures figures = settle("database outage", story, sent, results);
            long refused = sent.stream().filter(s -> s.status() == 503).count();
            System.out.printf("[database outage] answered 503 (client may retry): %d%n", refused);
            assertEquals(sent.size(), figures.acknowledged() + refused, "every message was answered 200 or 503");
            assertEquals(0, figures.lost());
            assertEquals(0, figures.duplicateRuns());
            assertEquals(0, figures.wrongStored());
        }
    }
}
