package dev.customactions.console.ops;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/ops}: what the operator's page shows. Series are one value per minute
 * of the last hour, oldest first, aligned with {@code series.timestamps} (epoch seconds of each
 * minute's start; the last minute is the current one, so far); a null value is a minute the console
 * did not observe. Rates are per minute, over the time the console observed in that minute.
 * {@code scope} is {@code platform} for an operator's token (every figure) and {@code workspace} for a
 * workspace admin's: its actions' runs only, the platform's figures (services, dependencies, events,
 * lag, dead letters) left out (null).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpsView(
        String type,
        String scope,
        Instant generatedAt,
        long scrapeIntervalSeconds,
        int windowMinutes,
        List<ServiceView> services,
        List<DependencyView> dependencies,
        Summary summary,
        Series series,
        List<LagView> consumerLag,
        List<DeadLetterView> deadLetters,
        List<ActionView> actions) {

    /** A service's readiness at its last read. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ServiceView(
            String name, boolean ready, List<String> downChecks, Instant lastScrapedAt, String error) {}

    /**
     * A platform dependency (Kafka, PostgreSQL) as the services' readiness checks see it: up when every
     * service that checks it says so, down when one says not, null when none reported.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DependencyView(String name, Boolean up, List<String> checkedBy, List<String> downFor) {}

    /**
     * Headline figures: rates over the last {@code windowMinutes} minutes, counts over the hour, current gauges.
     * Runs and the success rate are live runs (triggered or invoked); test runs are counted apart.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Summary(
            int windowMinutes,
            Double eventsAcceptedPerMinute,
            Double eventsRefusedPerMinute,
            Double eventsFailedPerMinute,
            Double runsPerMinute,
            Double failedRunsPerMinute,
            long runsLastHour,
            long failedRunsLastHour,
            Double successRateLastHour,
            long testRunsLastHour,
            long failedTestRunsLastHour,
            Double runsInFlight,
            Double consumerLagTotal,
            long deadLettersLastHour,
            Map<String, Long> eventsRefusedByCodeLastHour) {}

    /** Per-minute rates over the hour. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Series(
            List<Long> timestamps,
            List<Double> eventsAccepted,
            List<Double> eventsRefused,
            List<Double> eventsFailed,
            List<Double> runs,
            List<Double> failedRuns,
            List<Double> testRuns) {}

    /** A consumer group's lag on a topic: now and at the end of each minute of the hour (null when unknown). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LagView(String group, String topic, Double current, List<Double> series) {}

    /**
     * Records sent to a topic's dead-letter topic: since each service started ({@code total}, the services'
     * own counters) and in the last hour the console observed.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeadLetterView(String topic, long total, long lastHour) {}

    /**
     * An action's runs in the last hour (the action id is unique platform-wide; {@link OpsResource} keeps
     * only the caller's workspace's actions): {@code runs}, {@code failures} and {@code successRate} are live runs
     * (null rate without any), {@code runsByMode} counts each mode, test included. Durations in seconds, estimated
     * from the histogram of all its runs; null when there were no runs.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ActionView(
            String actionId,
            long runs,
            Double runsPerMinute,
            long failures,
            long testRuns,
            long testFailures,
            Double successRate,
            Double p50Seconds,
            Double p95Seconds,
            Double meanSeconds,
            Map<String, Long> failuresByErrorType,
            Map<String, Long> runsByMode) {}
}
