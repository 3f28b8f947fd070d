package dev.customactions.console.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsStateTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:05Z");
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final OpsState state = new OpsState(List.of("executor", "gateway"));

    private static ServiceScrape up(String service, String metrics) {
        return new ServiceScrape(
                service, true, List.of(), List.of(), null, PrometheusText.parse(metrics, OpsState.METRICS::contains));
    }

    private static ServiceScrape unreachable(String service) {
        return new ServiceScrape(
                service, false, List.of(), List.of(), "readiness: unreachable; metrics: unreachable", null);
    }

    private static String gateway(int accepted, int refused) {
        return "gateway_events_accepted_total{kind=\"notify_new_message\",} " + accepted + ".0\n"
                + "gateway_events_rejected_total{code=\"parameter_invalid\",kind=\"notify_new_message\",status=\"400\",} "
                + refused + ".0\n";
    }

    /** Runs of one action: how many finished within 0.1 s, within 0.5 s, within 1 s, and in all (the rest took longer). */
    private static String runs(
            String actionId, String status, String errorType, int upTo01, int upTo05, int upTo1, int all) {
        String labels = "action_id=\"" + actionId + "\",error_type=\"" + errorType + "\",mode=\"live\",status=\""
                + status + "\",";
        return "executor_runs_seconds_bucket{" + labels + "le=\"0.1\",} " + upTo01 + "\n"
                + "executor_runs_seconds_bucket{" + labels + "le=\"0.5\",} " + upTo05 + "\n"
                + "executor_runs_seconds_bucket{" + labels + "le=\"1.0\",} " + upTo1 + "\n"
                + "executor_runs_seconds_bucket{" + labels + "le=\"+Inf\",} " + all + "\n"
                + "executor_runs_seconds_count{" + labels + "} " + all + "\n"
                + "executor_runs_seconds_sum{" + labels + "} " + (all * 0.4) + "\n";
    }

    private static Double last(List<Double> series) {
        return series.get(series.size() - 1);
    }

    @Test
    void ratesPerMinuteFromTheGrowthOverTheObservedTime() {
        state.record(T0, List.of(up("gateway", gateway(100, 0))));
        state.record(T0.plus(TEN_SECONDS), List.of(up("gateway", gateway(110, 2))));
        OpsView view = state.view(T0.plusSeconds(12), TEN_SECONDS);

        assertEquals(60, view.series().timestamps().size());
        assertEquals(
                Instant.parse("2026-03-01T12:00:00Z").getEpochSecond(),
                view.series().timestamps().get(59));
        // 10 accepted and 2 refused in the 10 s observed of this minute.
        assertEquals(60.0, last(view.series().eventsAccepted()), 1e-9);
        assertEquals(12.0, last(view.series().eventsRefused()), 1e-9);
        assertNull(view.series().eventsAccepted().get(58), "a minute not observed has no value");
        assertEquals(60.0, view.summary().eventsAcceptedPerMinute(), 1e-9);
        assertEquals(Map.of("parameter_invalid", 2L), view.summary().eventsRefusedByCodeLastHour());
    }

    @Test
    void theFirstReadIsABaseline() {
        state.record(T0, List.of(up("gateway", gateway(100, 5))));
        OpsView view = state.view(T0, TEN_SECONDS);
        assertNull(last(view.series().eventsAccepted()), "nothing observed yet");
        assertNull(view.summary().eventsAcceptedPerMinute());
        assertEquals(Map.of(), view.summary().eventsRefusedByCodeLastHour());
    }

    @Test
    void aDecreaseIsARestartCountedFromZero() {
        state.record(T0, List.of(up("gateway", gateway(100, 0))));
        state.record(T0.plusSeconds(10), List.of(up("gateway", gateway(110, 0))));
        state.record(T0.plusSeconds(20), List.of(up("gateway", gateway(4, 0))));
        OpsView view = state.view(T0.plusSeconds(20), TEN_SECONDS);
        // 10 then 4 over 20 s.
        assertEquals(42.0, last(view.series().eventsAccepted()), 1e-9);
    }

    @Test
    void aNewProcessStartTimeIsARestartEvenWhenTheCounterGrewPastItsOldValue() {
        state.record(T0, List.of(up("gateway", gateway(3, 0) + "process_start_time_seconds 1000.0\n")));
        state.record(T0.plusSeconds(30), List.of(up("gateway", gateway(5, 0) + "process_start_time_seconds 2000.0\n")));
        OpsView view = state.view(T0.plusSeconds(30), TEN_SECONDS);
        assertEquals(10.0, last(view.series().eventsAccepted()), 1e-9);
    }

    @Test
    void perActionRunsSuccessRatePercentilesAndFailures() {
        state.record(
                T0,
                List.of(up(
                        "executor",
                        runs("a1", "success", "none", 0, 0, 0, 0) + runs("a2", "success", "none", 1, 1, 1, 1))));
        // Over the next minute, a1: 8 successes (2 within 0.1 s, 6 more within 0.5 s), then 2 timeouts (over 1 s)
        // that appear as a new series; a2: nothing more.
        state.record(
                T0.plusSeconds(30),
                List.of(up(
                        "executor",
                        runs("a1", "success", "none", 2, 8, 8, 8) + runs("a2", "success", "none", 1, 1, 1, 1))));
        state.record(
                T0.plusSeconds(90),
                List.of(up(
                        "executor",
                        runs("a1", "success", "none", 2, 8, 8, 8)
                                + runs("a1", "failure", "timeout", 0, 0, 0, 2)
                                + runs("a2", "success", "none", 1, 1, 1, 1)
                                + "executor_runs_in_flight 3.0\n")));
        OpsView view = state.view(T0.plusSeconds(90), TEN_SECONDS);

        assertEquals(1, view.actions().size(), "a2 did not run in the hour observed");
        OpsView.ActionView a1 = view.actions().get(0);
        assertEquals("a1", a1.actionId());
        assertEquals(10, a1.runs());
        assertEquals(2, a1.failures());
        assertEquals(0.8, a1.successRate(), 1e-9);
        // 10 runs over the 90 s observed.
        assertEquals(10 * 60.0 / 90, a1.runsPerMinute(), 1e-9);
        // Cumulative: 2 within 0.1, 8 within 0.5, 8 within 1, 10 in all. p50: rank 5 in (0.1, 0.5]: 0.1 + 0.4 * 3/6.
        assertEquals(0.3, a1.p50Seconds(), 1e-9);
        // p95: rank 9.5 beyond 1 s: the highest finite bound.
        assertEquals(1.0, a1.p95Seconds(), 1e-9);
        assertEquals(0.4, a1.meanSeconds(), 1e-9);
        assertEquals(Map.of("timeout", 2L), a1.failuresByErrorType());
        assertEquals(Map.of("live", 10L), a1.runsByMode());

        assertEquals(10, view.summary().runsLastHour());
        assertEquals(2, view.summary().failedRunsLastHour());
        assertEquals(0.8, view.summary().successRateLastHour(), 1e-9);
        assertEquals(3.0, view.summary().runsInFlight());
        // The minute of T0 + 90 s observed 60 s and saw the 2 failures.
        assertEquals(2.0, last(view.series().failedRuns()), 1e-9);
        assertEquals(2.0, last(view.series().runs()), 1e-9);
        assertEquals(8 * 60.0 / 30, view.series().runs().get(58), 1e-9);
    }

    @Test
    void consumerLagAndDeadLetters() {
        String executor = """
                customactions_consumer_lag{group="executor",topic="channel.events",} 7.0
                customactions_consumer_lag{group="executor",topic="definitions.changes",} NaN
                customactions_dead_letters_total{topic="channel.events",} 4.0
                """;
        String objects = """
                customactions_consumer_lag{group="objects",topic="action.results",} 2.0
                customactions_dead_letters_total{topic="channel.events",} 1.0
                """;
        state.record(T0, List.of(up("executor", executor), up("objects", objects)));
        state.record(
                T0.plusSeconds(60),
                List.of(up("executor", executor.replace("7.0", "9.0").replace("4.0", "6.0")), up("objects", objects)));
        OpsView view = state.view(T0.plusSeconds(60), TEN_SECONDS);

        assertEquals(2, view.consumerLag().size(), "a lag not known yet (NaN) is not shown");
        OpsView.LagView results = view.consumerLag().get(0);
        assertEquals("action.results", results.topic());
        assertEquals(2.0, results.current());
        OpsView.LagView events = view.consumerLag().get(1);
        assertEquals("executor", events.group());
        assertEquals(9.0, events.current());
        assertEquals(9.0, last(events.series()));
        assertEquals(7.0, events.series().get(58));
        assertEquals(11.0, view.summary().consumerLagTotal());

        assertEquals(List.of(new OpsView.DeadLetterView("channel.events", 7, 2)), view.deadLetters());
        assertEquals(2, view.summary().deadLettersLastHour());
    }

    @Test
    void anUnreachableServiceIsNotReadyAndItsGrowthIsCountedWhenItAnswersAgain() {
        state.record(T0, List.of(up("gateway", gateway(100, 0))));
        state.record(T0.plusSeconds(10), List.of(unreachable("gateway")));
        OpsView down = state.view(T0.plusSeconds(10), TEN_SECONDS);
        OpsView.ServiceView gateway = down.services().get(1);
        assertEquals("gateway", gateway.name());
        assertFalse(gateway.ready());
        assertTrue(gateway.error().contains("unreachable"));
        assertEquals(T0.plusSeconds(10), gateway.lastScrapedAt());
        OpsView.ServiceView executor = down.services().get(0);
        assertFalse(executor.ready());
        assertEquals("Not read yet", executor.error());

        state.record(T0.plusSeconds(20), List.of(up("gateway", gateway(106, 0))));
        OpsView back = state.view(T0.plusSeconds(20), TEN_SECONDS);
        assertTrue(back.services().get(1).ready());
        assertNull(back.services().get(1).error());
        assertEquals(18.0, last(back.series().eventsAccepted()), 1e-9);
    }

    @Test
    void notReadyWithItsDownChecks() {
        state.record(
                T0,
                List.of(new ServiceScrape(
                        "executor",
                        false,
                        List.of("Kafka connection health check"),
                        List.of("Database connections health check"),
                        null,
                        List.of())));
        OpsView.ServiceView executor = state.view(T0, TEN_SECONDS).services().get(0);
        assertFalse(executor.ready());
        assertEquals(List.of("Kafka connection health check"), executor.downChecks());
        var dependencies = state.view(T0, TEN_SECONDS).dependencies();
        assertEquals(
                List.of("Kafka", "PostgreSQL"),
                dependencies.stream().map(OpsView.DependencyView::name).toList());
        assertEquals(false, dependencies.get(0).up());
        assertEquals(true, dependencies.get(1).up());
        assertEquals(List.of("executor"), dependencies.get(1).checkedBy());
    }

    @Test
    void keepsOneHourOnly() {
        int accepted = 0;
        Instant at = T0;
        for (int round = 0; round < 3 * 360; round++) {
            at = T0.plusSeconds(10L * round);
            // One event per read during the first two hours, none after.
            accepted += round < 720 ? 1 : 0;
            state.record(at, List.of(up("gateway", gateway(accepted, 0))));
            assertTrue(state.minutesHeld() <= OpsState.WINDOW_MINUTES);
        }
        OpsView view = state.view(at, TEN_SECONDS);
        assertEquals(OpsState.WINDOW_MINUTES, state.minutesHeld());
        assertTrue(
                view.series().eventsAccepted().stream().allMatch(rate -> rate != null && rate == 0.0),
                view.series().eventsAccepted().toString());
    }
}
