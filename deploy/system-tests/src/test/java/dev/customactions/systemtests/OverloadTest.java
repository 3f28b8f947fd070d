package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.EXECUTOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TopicTail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Overload means lag, not failures: events offered at twice the rate the platform sustains, for 30 s,
 * pile up as the executor's consumer lag on channel.events and are all run once it catches up, none
 * failed, none lost, none run twice. The shop answers every call after {@link #SHOP_DELAY}, so the
 * executor's per-host cap is the bottleneck; the sustained rate is measured first (a burst drained),
 * not assumed, and no pass/fail depends on how fast this machine is.
 */
@ExtendWith(Platform.class)
class OverloadTest {

    private static final Duration SHOP_DELAY = Duration.ofMillis(500);
    private static final Duration OVERLOAD = Duration.ofSeconds(30);
    private static final int CONVERSATIONS = 200;
    private static final String GROUP = "executor-service";
    private static final String TOPIC = "channel.events";

    static StandIn shop;

    @BeforeAll
    static void shop() {
        shop = StandIn.start().otherwise(StandIn.delayed(SHOP_DELAY, StandIn.echoOrder()));
    }

    @AfterAll
    static void closeShop() {
        shop.close();
    }

    @Test
    void twiceTheSustainedRateForThirtySecondsBecomesLagAndEveryEventRunsOnce() throws Exception {
        Story story = Story.create("Overload", shop.url("127.0.0.1", ""), 5000);
        String bootstrap = Platform.launcher().kafkaBootstrapServers();
        try (var results = TopicTail.of(bootstrap, "action.results");
                var lag = new Backlog()) {
            story.probe(results);

            List<Story.Sent> burst = story.send(CONVERSATIONS, 6, 64);
            assertTrue(burst.stream().allMatch(s -> s.status() == 200), "the gateway took the calibration burst");
            double sustained = drainRate(story, results, burst);

            double offered = 2 * sustained;
            Instant start = Instant.now();
            lag.watch();
            List<Story.Sent> sent = story.offer(offered, OVERLOAD, CONVERSATIONS);
            Duration offering = Duration.between(start, Instant.now());
            Instant offeringEnded = start.plus(OVERLOAD);
            FaultTest.Figures figures = FaultTest.settle("overload", story, sent, results);
            lag.stop();

            Map<String, List<JsonNode>> byEvent = story.results(results);
            List<JsonNode> all = byEvent.values().stream().flatMap(List::stream).toList();
            List<JsonNode> failed = all.stream()
                    .filter(r -> !"success".equals(r.path("status").asText()))
                    .toList();
            Map<String, Set<String>> outcomesByRun = all.stream()
                    .collect(Collectors.groupingBy(
                            r -> r.path("run_id").asText(),
                            Collectors.mapping(r -> r.path("status").asText(), Collectors.toSet())));
            Set<String> acknowledged = sent.stream()
                    .filter(s -> s.status() == 200)
                    .map(Story.Sent::eventId)
                    .collect(Collectors.toSet());
            Map<String, String> bodies = Stream.concat(burst.stream(), sent.stream())
                    .collect(Collectors.toMap(Story.Sent::eventId, Story.Sent::body));
            Instant caughtUp = acknowledged.stream()
                    .flatMap(id -> byEvent.getOrDefault(id, List.of()).stream())
                    .map(r -> Instant.parse(r.path("finished_at").asText()))
                    .max(Instant::compareTo)
                    .orElse(start);
            List<String> calledTwice = sent.stream()
                    .filter(s -> s.status() == 200)
                    .map(s -> "/orders/" + s.body() + ".json")
                    .filter(path -> shop.calls(path).size() != 1)
                    .toList();
            long expectedBacklog = Math.round((offered - sustained) * OVERLOAD.toMillis() / 1000.0);

            System.out.printf(
                    "[overload] sustained %.1f events/s (a burst of %d drained; the shop answers after %d ms)"
                            + "; offered %.1f/s for %d s: %d sent, all answered after %.1f s, %d acknowledged, %d refused, "
                            + "%d other%n",
                    sustained,
                    burst.size(),
                    SHOP_DELAY.toMillis(),
                    offered,
                    OVERLOAD.toSeconds(),
                    sent.size(),
                    offering.toMillis() / 1000.0,
                    acknowledged.size(),
                    sent.stream().filter(s -> s.status() == 503).count(),
                    sent.stream()
                            .filter(s -> s.status() != 200 && s.status() != 503)
                            .count());
            System.out.printf(
                    "[overload] lag of %s on %s (customactions_consumer_lag): max %d records (expected backlog %d); "
                            + "Kafka records-lag metric max %d, runs in flight max %d; caught up %.1f s after the offering ended; "
                            + "failed runs %d, run ids with two outcomes %d, orders called other than once %d%n",
                    GROUP,
                    TOPIC,
                    lag.maxCommitted.get(),
                    expectedBacklog,
                    lag.maxFetch.get(),
                    lag.maxInFlight.get(),
                    Duration.between(offeringEnded, caughtUp).toMillis() / 1000.0,
                    failed.size(),
                    outcomesByRun.values().stream().filter(o -> o.size() > 1).count(),
                    calledTwice.size());

            assertEquals(sent.size(), acknowledged.size(), "the gateway took every message offered");
            assertEquals(
                    List.of(),
                    failed.stream().limit(5).map(run -> describe(run, bodies)).toList(),
                    "no run failed");
            assertEquals(0, figures.lost(), "every acknowledged event's result is on action.results");
            assertEquals(figures.acknowledged(), figures.results(), "one run per event (one trigger matches)");
            assertEquals(0, figures.duplicateRuns(), "no event ran twice");
            assertTrue(outcomesByRun.values().stream().allMatch(o -> o.size() == 1), "no run has two outcomes");
            assertEquals(List.of(), calledTwice.stream().limit(5).toList(), "the shop got one call per event");
            assertEquals(0, figures.wrongStored(), "every conversation stored its last order");
            assertTrue(
                    lag.maxCommitted.get() >= expectedBacklog / 2,
                    "the overload showed as consumer lag: max " + lag.maxCommitted.get() + ", expected about "
                            + expectedBacklog);
        }
    }

    /** A failed run, with when the shop received its call and answered it (wall clock, as the run's times). */
    private static String describe(JsonNode run, Map<String, String> bodies) {
        long nanosToMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
        String path = "/orders/" + bodies.get(run.path("source_event_id").asText()) + ".json";
        var calls = shop.calls(path).stream()
                .map(call -> Instant.ofEpochMilli(nanosToMillis + call.receivedAt() / 1_000_000) + " answered "
                        + (call.answeredAt()[0] == 0
                                ? "never"
                                : Instant.ofEpochMilli(nanosToMillis + call.answeredAt()[0] / 1_000_000)))
                .toList();
        return run.path("source_event_id").asText() + " " + run.path("error") + " started "
                + run.path("started_at").asText() + ", finished "
                + run.path("finished_at").asText() + "; the shop received " + calls;
    }

    /**
     * Waits for the results of {@code burst} and answers the rate at which the executor finished them
     * between the 10th and the 90th percentile of their finishing times (leaving out the ramps).
     */
    private static double drainRate(Story story, TopicTail results, List<Story.Sent> burst) {
        Set<String> ids = burst.stream().map(Story.Sent::eventId).collect(Collectors.toSet());
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> story.results(results).keySet().containsAll(ids));
        List<Instant> finished = story.results(results).entrySet().stream()
                .filter(e -> ids.contains(e.getKey()))
                .map(e -> Instant.parse(e.getValue().get(0).path("finished_at").asText()))
                .sorted()
                .toList();
        int first = finished.size() / 10;
        int last = finished.size() * 9 / 10;
        long millis = Duration.between(finished.get(first), finished.get(last)).toMillis();
        return (last - first) * 1000.0 / Math.max(1, millis);
    }

    /**
     * The executor's backlog on channel.events, sampled from its /q/metrics every 500 ms while
     * watching, keeping the maxima: its consumer lag metric (records not committed, read from the
     * broker), its Kafka consumer's own records-lag (measured at fetch time, so it misses a paused
     * consumer's lag) and its runs in flight.
     */
    private static final class Backlog implements AutoCloseable {

        private static final HttpClient CLIENT = HttpClient.newHttpClient();

        final AtomicLong maxCommitted = new AtomicLong();
        final AtomicLong maxFetch = new AtomicLong();
        final AtomicLong maxInFlight = new AtomicLong();
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

        // The clock's future is not needed: it samples until the clock is shut down.
        @SuppressWarnings("FutureReturnValueIgnored")
        void watch() {
            clock.scheduleWithFixedDelay(this::sample, 0, 500, TimeUnit.MILLISECONDS);
        }

        void stop() throws InterruptedException {
            clock.shutdown();
            clock.awaitTermination(30, TimeUnit.SECONDS);
        }

        private void sample() {
            try {
                String metrics = CLIENT.send(
                                HttpRequest.newBuilder(URI.create(EXECUTOR + "/q/metrics"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                maxCommitted.accumulateAndGet(
                        sum(metrics, "customactions_consumer_lag{", "group=\"" + GROUP + "\""), Math::max);
                maxFetch.accumulateAndGet(
                        sum(metrics, "kafka_consumer_fetch_manager_records_lag{", "partition=\""), Math::max);
                maxInFlight.accumulateAndGet(sum(metrics, "executor_runs_in_flight", ""), Math::max);
            } catch (Exception e) {
                System.out.println("[overload] a lag sample failed: " + e);
            }
        }

        /** The sum of the samples of {@code metric} for channel.events whose labels contain {@code label}. */
        private static long sum(String metrics, String metric, String label) {
            return Math.round(metrics.lines()
                    .filter(line -> line.startsWith(metric)
                            && line.contains(label)
                            && (!line.contains("topic=") || line.contains("topic=\"" + TOPIC + "\"")))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .filter(value -> !Double.isNaN(value))
                    .sum());
        }

        @Override
        public void close() {
            clock.shutdownNow();
        }
    }
}
