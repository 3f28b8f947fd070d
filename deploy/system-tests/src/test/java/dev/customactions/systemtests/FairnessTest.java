package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.EXECUTOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TopicTail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One workspace floods (events at over twice the rate the platform carries for it meanwhile, for 20 s, within
 * its quota) while another sends one event a second throughout: the flooding workspace's records beyond its
 * share of the executor wait in memory, taken from the topic, and it lags alone; the other's runs keep their
 * pace (p99 from event to result under 2 s). Afterwards the backlog drains: nothing lost, nothing run twice.
 * Each workspace calls its own shop (another host): the flooding one's answers after 500 ms, so what it carries
 * is bounded by its share and its host whatever this machine's speed; the other's at once. A first flood of the
 * other workspace, not measured, lets the services' JIT compile the paths a flood takes.
 */
@ExtendWith(Platform.class)
class FairnessTest {

    private static final Duration FLOOD = Duration.ofSeconds(20);
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final int CONVERSATIONS = 200;
    /** Events a second the flooding workspace offers: over twice what its runs carry (its shop is slow). */
    private static final double FLOOD_RATE = 250;

    private static final Duration STEADY_P99_BOUND = Duration.ofSeconds(2);

    @Test
    // The sampler's future is not needed: it samples until the sampler is shut down.
    @SuppressWarnings("FutureReturnValueIgnored")
    void aWorkspaceThatFloodsLagsAloneWhileAnotherKeepsItsPace() throws Exception {
        try (var floodShop = StandIn.start().otherwise(StandIn.delayed(Duration.ofMillis(500), StandIn.echoOrder()));
                var steadyShop = StandIn.start().otherwise(StandIn.echoOrder());
                var results = TopicTail.of(Platform.launcher().kafkaBootstrapServers(), "action.results")) {
            Story flooding = Story.create("Flooding", floodShop.url("127.0.0.1", ""), 5000);
            Story steady = Story.create("Steady", steadyShop.url("127.0.0.1", ""), 5000);
            flooding.probe(results);
            steady.probe(results);
            // A first, shorter flood, not measured: the services' JIT compiles the paths a flood takes (the
            // fairness is the steady state's, not the first seconds' of a fresh JVM), and it drains.
            FaultTest.settle("fairness-warm-up", steady, steady.offer(FLOOD_RATE, WARM_UP, CONVERSATIONS), results);

            // The executor's lag and the records waiting in its memory while the flood lasts, from its metrics.
            var lag = new AtomicLong();
            var waiting = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleWithFixedDelay(
                    () -> {
                        try {
                            Metrics metrics = Metrics.of(EXECUTOR);
                            lag.accumulateAndGet(
                                    (long) metrics.sum("customactions_consumer_lag", "topic=\"channel.events\""),
                                    Math::max);
                            waiting.accumulateAndGet((long) metrics.sum("executor_runs_waiting"), Math::max);
                        } catch (RuntimeException e) {
                            System.out.println("[fairness] a lag sample failed: " + e);
                        }
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            CompletableFuture<List<Story.Sent>> steadySent =
                    CompletableFuture.supplyAsync(() -> steady.offer(1.0, FLOOD, 3));
            List<Story.Sent> flood = flooding.offer(FLOOD_RATE, FLOOD, CONVERSATIONS);
            List<Story.Sent> paced = steadySent.join();

            Instant floodEnded = Instant.now();
            sampler.shutdownNow();
            FaultTest.Figures steadyFigures = FaultTest.settle("fairness-steady", steady, paced, results);
            FaultTest.Figures floodFigures = FaultTest.settle("fairness-flood", flooding, flood, results);
            Map<String, List<JsonNode>> steadyResults = steady.results(results);
            Map<String, List<JsonNode>> floodResults = flooding.results(results);
            floodResults
                    .keySet()
                    .retainAll(flood.stream().map(Story.Sent::eventId).toList());
            Instant drained = flood.stream()
                    .flatMap(s -> floodResults.getOrDefault(s.eventId(), List.of()).stream())
                    .map(r -> Instant.parse(r.path("finished_at").asText()))
                    .max(Instant::compareTo)
                    .orElse(floodEnded);

            // What the platform carried meanwhile: the flooding workspace's runs finished a second while it offered.
            Instant started = flood.stream()
                    .map(Story.Sent::sentAt)
                    .min(Instant::compareTo)
                    .orElseThrow();
            long carriedDuringFlood = flood.stream()
                    .flatMap(s -> floodResults.getOrDefault(s.eventId(), List.of()).stream())
                    .map(r -> Instant.parse(r.path("finished_at").asText()))
                    .filter(at -> at.isBefore(floodEnded))
                    .count();
            double carried = carriedDuringFlood
                    * 1000.0
                    / Math.max(1, Duration.between(started, floodEnded).toMillis());
            double offered = flood.size()
                    * 1000.0
                    / Math.max(1, Duration.between(started, floodEnded).toMillis());

            var latencies = new ArrayList<Long>();
            var untilStarted = new ArrayList<Long>();
            for (Story.Sent s : paced.stream()
                    .sorted(java.util.Comparator.comparing(Story.Sent::sentAt))
                    .toList()) {
                for (JsonNode result : steadyResults.getOrDefault(s.eventId(), List.of())) {
                    latencies.add(Duration.between(
                                    s.sentAt(),
                                    Instant.parse(result.path("finished_at").asText()))
                            .toMillis());
                    untilStarted.add(Duration.between(
                                    s.sentAt(),
                                    Instant.parse(result.path("started_at").asText()))
                            .toMillis());
                }
            }
            System.out.println("[fairness] steady: event to run started, in order of time: " + untilStarted);
            latencies.sort(Long::compare);
            long p50 = latencies.isEmpty() ? -1 : latencies.get(latencies.size() / 2);
            long p99 = latencies.isEmpty() ? -1 : latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
            System.out.printf(
                    "[fairness] the flooding workspace offered %.1f events/s for %d s (%d sent) while the platform"
                            + " carried %.1f/s of them, drained %.1f s after the offering ended (executor: at most %d"
                            + " records waiting in memory, lag at most %d); the steady workspace sent %d at 1/s: event to"
                            + " result p50 %d ms, p99 %d ms, max %d ms%n",
                    offered,
                    FLOOD.toSeconds(),
                    flood.size(),
                    carried,
                    Duration.between(floodEnded, drained).toMillis() / 1000.0,
                    waiting.get(),
                    lag.get(),
                    paced.size(),
                    p50,
                    p99,
                    latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));

            for (FaultTest.Figures figures : List.of(steadyFigures, floodFigures)) {
                assertEquals(figures.sent(), figures.acknowledged(), figures.test() + ": the gateway took every event");
                assertEquals(0, figures.lost(), figures.test() + ": every event has its result");
                assertEquals(0, figures.duplicateRuns(), figures.test() + ": no event ran twice");
                assertEquals(0, figures.wrongStored(), figures.test() + ": every conversation stored its last order");
            }
            assertTrue(waiting.get() > 0, "the flood's records beyond its share waited in memory");
            assertTrue(
                    offered >= 1.5 * carried,
                    "a flood: offered " + offered + "/s, at least half again what was carried (" + carried + "/s)");
            assertEquals(paced.size(), latencies.size(), "one result per steady event");
            assertTrue(
                    p99 < STEADY_P99_BOUND.toMillis(),
                    "the steady workspace's p99 from event to result stays under 2 s: " + p99 + " ms");
        }
    }
}
