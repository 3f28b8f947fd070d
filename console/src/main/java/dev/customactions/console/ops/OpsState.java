package dev.customactions.console.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The last hour of the platform as the scraper read it, in memory: one bucket per minute (a ring of at
 * most {@value #WINDOW_MINUTES}), each holding how much each counter grew during that minute and the
 * last value of each gauge. Counters are cumulative and start again from zero when a service restarts:
 * the growth between two reads is their difference, a decrease (or a new process start time) meaning
 * a restart. The first read of a service is its baseline: what it counted before is not attributed to
 * any minute. Each minute also records how long the console observed of it, so that a rate is the
 * growth over the observed time (a partial minute, a missed read). Thread-safe.
 */
public final class OpsState {

    /** Minutes kept, and shown. */
    public static final int WINDOW_MINUTES = 60;
    /** Minutes the headline rates are computed over. */
    public static final int SUMMARY_MINUTES = 5;

    static final String EVENTS_ACCEPTED = "gateway_events_accepted_total";
    static final String EVENTS_REJECTED = "gateway_events_rejected_total";
    static final String EVENTS_FAILED = "gateway_events_failed_total";
    static final String RUNS_COUNT = "executor_runs_seconds_count";
    static final String RUNS_SUM = "executor_runs_seconds_sum";
    static final String RUNS_BUCKET = "executor_runs_seconds_bucket";
    static final String RUNS_IN_FLIGHT = "executor_runs_in_flight";
    static final String CONSUMER_LAG = "customactions_consumer_lag";
    static final String DEAD_LETTERS = "customactions_dead_letters_total";
    static final String PROCESS_START = "process_start_time_seconds";

    /** The metric names read from {@code /q/metrics}; the others are not parsed. */
    public static final Set<String> METRICS = Set.of(
            EVENTS_ACCEPTED,
            EVENTS_REJECTED,
            EVENTS_FAILED,
            RUNS_COUNT,
            RUNS_SUM,
            RUNS_BUCKET,
            RUNS_IN_FLIGHT,
            CONSUMER_LAG,
            DEAD_LETTERS,
            PROCESS_START);

    private static final Duration WINDOW = Duration.ofMinutes(WINDOW_MINUTES);
    private static final String FAILURE = "failure";
    private static final String TEST = "test";

    /** The readiness check (Quarkus's own) by which the services see each dependency. */
    static final List<Map.Entry<String, String>> DEPENDENCY_CHECKS = List.of(
            Map.entry("Kafka", "Kafka connection health check"),
            Map.entry("PostgreSQL", "Database connections health check"));

    private record Read(Instant at, ServiceScrape scrape) {}

    private record Previous(Instant at, Double startTime, Map<String, Double> values) {}

    private record LagKey(String group, String topic) {}

    private static final Comparator<LagKey> LAG_ORDER =
            Comparator.comparing(LagKey::topic).thenComparing(LagKey::group);

    private static final class Minute {
        final long epochMinute;
        long observedMillis;
        double accepted;
        double refused;
        double failed;
        double runs;
        double failedRuns;
        double testRuns;
        double failedTestRuns;
        final Map<String, Double> refusedByCode = new HashMap<>();
        final Map<String, Double> deadLetters = new HashMap<>();
        final Map<LagKey, Double> lag = new HashMap<>();
        final Map<String, ActionMinute> actions = new HashMap<>();

        Minute(long epochMinute) {
            this.epochMinute = epochMinute;
        }
    }

    private static final class ActionMinute {
        double runs;
        double failures;
        double testRuns;
        double testFailures;
        double seconds;
        final Map<String, Double> failuresByType = new HashMap<>();
        final Map<String, Double> runsByMode = new HashMap<>();
        final TreeMap<Double, Double> buckets = new TreeMap<>();

        void add(ActionMinute other) {
            runs += other.runs;
            failures += other.failures;
            testRuns += other.testRuns;
            testFailures += other.testFailures;
            seconds += other.seconds;
            other.failuresByType.forEach((type, count) -> failuresByType.merge(type, count, Double::sum));
            other.runsByMode.forEach((mode, count) -> runsByMode.merge(mode, count, Double::sum));
            other.buckets.forEach((bound, count) -> buckets.merge(bound, count, Double::sum));
        }
    }

    private final List<String> services;
    private final Map<String, Read> reads = new HashMap<>();
    private final Map<String, Previous> previous = new HashMap<>();
    private final Map<String, Map<String, Double>> deadLetterTotals = new HashMap<>();
    private final Map<String, Map<LagKey, Double>> lagNow = new HashMap<>();
    private final Map<String, Double> inFlight = new HashMap<>();
    private final ArrayDeque<Minute> minutes = new ArrayDeque<>();
    private Instant lastRound;

    /** @param services the services' names, in the order the page lists them */
    public OpsState(List<String> services) {
        this.services = List.copyOf(services);
    }

    /** Records one round of reads, all made at {@code at}. */
    public synchronized void record(Instant at, List<ServiceScrape> scrapes) {
        long observed = lastRound == null
                        || !at.isAfter(lastRound)
                        || Duration.between(lastRound, at).compareTo(WINDOW) > 0
                ? 0
                : Duration.between(lastRound, at).toMillis();
        if (lastRound == null || at.isAfter(lastRound)) {
            lastRound = at;
        }
        Minute minute = minute(at);
        minute.observedMillis += observed;
        for (ServiceScrape scrape : scrapes) {
            reads.put(scrape.service(), new Read(at, scrape));
            if (scrape.samples() == null) {
                lagNow.remove(scrape.service());
                inFlight.remove(scrape.service());
                continue;
            }
            Previous before = previous.get(scrape.service());
            boolean baseline =
                    before == null || Duration.between(before.at(), at).compareTo(WINDOW) > 0;
            Double startTime = scrape.samples().stream()
                    .filter(s -> PROCESS_START.equals(s.name()))
                    .findFirst()
                    .map(Sample::value)
                    .orElse(null);
            boolean restarted = !baseline
                    && before.startTime() != null
                    && startTime != null
                    && !before.startTime().equals(startTime);
            Map<String, Double> values = new HashMap<>();
            Map<LagKey, Double> lags = new HashMap<>();
            Map<String, Double> dead = new HashMap<>();
            Double flight = null;
            for (Sample sample : scrape.samples()) {
                switch (sample.name()) {
                    case PROCESS_START -> {}
                    case CONSUMER_LAG -> {
                        if (Double.isFinite(sample.value())) {
                            var key = new LagKey(sample.label("group"), sample.label("topic"));
                            lags.put(key, sample.value());
                            minute.lag.put(key, sample.value());
                        }
                    }
                    case RUNS_IN_FLIGHT -> {
                        if (Double.isFinite(sample.value())) {
                            flight = (flight == null ? 0 : flight) + sample.value();
                        }
                    }
                    default -> {
                        if (DEAD_LETTERS.equals(sample.name()) && Double.isFinite(sample.value())) {
                            dead.merge(sample.label("topic"), sample.value(), Double::sum);
                        }
                        String key = sample.seriesKey();
                        values.put(key, sample.value());
                        if (!baseline) {
                            double growth = Counters.increase(
                                    restarted ? null : before.values().get(key), sample.value());
                            if (growth > 0) {
                                count(minute, sample, growth);
                            }
                        }
                    }
                }
            }
            previous.put(scrape.service(), new Previous(at, startTime, values));
            lagNow.put(scrape.service(), lags);
            deadLetterTotals.put(scrape.service(), dead);
            if (flight == null) {
                inFlight.remove(scrape.service());
            } else {
                inFlight.put(scrape.service(), flight);
            }
        }
    }

    private static void count(Minute minute, Sample sample, double growth) {
        switch (sample.name()) {
            case EVENTS_ACCEPTED -> minute.accepted += growth;
            case EVENTS_REJECTED -> {
                minute.refused += growth;
                minute.refusedByCode.merge(sample.label("code"), growth, Double::sum);
            }
            case EVENTS_FAILED -> minute.failed += growth;
            case DEAD_LETTERS -> minute.deadLetters.merge(sample.label("topic"), growth, Double::sum);
            case RUNS_COUNT -> {
                // Test runs are an admin trying an action: counted apart, never in the live success rate.
                boolean failed = FAILURE.equals(sample.label("status"));
                boolean test = TEST.equals(sample.label("mode"));
                if (test) {
                    minute.testRuns += growth;
                    minute.failedTestRuns += failed ? growth : 0;
                } else {
                    minute.runs += growth;
                    minute.failedRuns += failed ? growth : 0;
                }
                ActionMinute action = action(minute, sample);
                if (action != null) {
                    action.runsByMode.merge(sample.label("mode"), growth, Double::sum);
                    if (test) {
                        action.testRuns += growth;
                        action.testFailures += failed ? growth : 0;
                    } else {
                        action.runs += growth;
                        if (failed) {
                            action.failures += growth;
                            action.failuresByType.merge(sample.label("error_type"), growth, Double::sum);
                        }
                    }
                }
            }
            case RUNS_SUM -> {
                ActionMinute action = action(minute, sample);
                if (action != null) {
                    action.seconds += growth;
                }
            }
            case RUNS_BUCKET -> {
                ActionMinute action = action(minute, sample);
                Double bound = PrometheusText.number(sample.label("le"));
                if (action != null && bound != null && !bound.isNaN()) {
                    action.buckets.merge(bound, growth, Double::sum);
                }
            }
            default -> {}
        }
    }

    private static ActionMinute action(Minute minute, Sample sample) {
        String id = sample.label("action_id");
        return id.isEmpty() ? null : minute.actions.computeIfAbsent(id, key -> new ActionMinute());
    }

    /** The bucket of {@code at}'s minute, after dropping those that left the window. */
    private Minute minute(Instant at) {
        long epochMinute = Math.floorDiv(at.getEpochSecond(), 60);
        Minute last = minutes.peekLast();
        if (last == null || last.epochMinute < epochMinute) {
            last = new Minute(epochMinute);
            minutes.addLast(last);
        }
        while (minutes.peekFirst().epochMinute <= last.epochMinute - WINDOW_MINUTES) {
            minutes.pollFirst();
        }
        return last;
    }

    /** How many minute buckets are held (at most {@value #WINDOW_MINUTES}). */
    synchronized int minutesHeld() {
        return minutes.size();
    }

    /** The page's answer at {@code now}. */
    public synchronized OpsView view(Instant now, Duration scrapeInterval) {
        long current = Math.floorDiv(now.getEpochSecond(), 60);
        if (!minutes.isEmpty()) {
            current = Math.max(current, minutes.peekLast().epochMinute);
        }
        long first = current - WINDOW_MINUTES + 1;
        Minute[] window = new Minute[WINDOW_MINUTES];
        for (Minute minute : minutes) {
            if (minute.epochMinute >= first && minute.epochMinute <= current) {
                window[(int) (minute.epochMinute - first)] = minute;
            }
        }

        List<Long> timestamps = new ArrayList<>(WINDOW_MINUTES);
        for (int i = 0; i < WINDOW_MINUTES; i++) {
            timestamps.add((first + i) * 60);
        }
        var series = new OpsView.Series(
                timestamps,
                rates(window, m -> m.accepted),
                rates(window, m -> m.refused),
                rates(window, m -> m.failed),
                rates(window, m -> m.runs),
                rates(window, m -> m.failedRuns),
                rates(window, m -> m.testRuns));

        long observedHour = 0;
        double runsHour = 0;
        double testRunsHour = 0;
        double failedTestRunsHour = 0;
        double failedHour = 0;
        double deadHour = 0;
        Map<String, Double> refusedByCode = new TreeMap<>();
        Map<String, Double> deadByTopic = new TreeMap<>();
        Map<String, ActionMinute> actions = new HashMap<>();
        Set<LagKey> lagKeys = new TreeSet<>(LAG_ORDER);
        for (Minute minute : window) {
            if (minute == null) {
                continue;
            }
            observedHour += minute.observedMillis;
            runsHour += minute.runs;
            failedHour += minute.failedRuns;
            testRunsHour += minute.testRuns;
            failedTestRunsHour += minute.failedTestRuns;
            minute.refusedByCode.forEach((code, count) -> refusedByCode.merge(code, count, Double::sum));
            minute.deadLetters.forEach((topic, count) -> deadByTopic.merge(topic, count, Double::sum));
            minute.actions.forEach((id, action) ->
                    actions.computeIfAbsent(id, key -> new ActionMinute()).add(action));
            lagKeys.addAll(minute.lag.keySet());
        }
        for (double count : deadByTopic.values()) {
            deadHour += count;
        }

        Map<LagKey, Double> lagCurrent = new HashMap<>();
        lagNow.values().forEach(lags -> lagCurrent.putAll(lags));
        lagKeys.addAll(lagCurrent.keySet());
        List<OpsView.LagView> lag = new ArrayList<>();
        Double lagTotal = null;
        for (LagKey key : lagKeys) {
            List<Double> values = new ArrayList<>(WINDOW_MINUTES);
            for (Minute minute : window) {
                values.add(minute == null ? null : minute.lag.get(key));
            }
            Double now0 = lagCurrent.get(key);
            if (now0 != null) {
                lagTotal = (lagTotal == null ? 0 : lagTotal) + now0;
            }
            lag.add(new OpsView.LagView(key.group(), key.topic(), now0, values));
        }

        Map<String, Double> deadTotals = new TreeMap<>();
        deadLetterTotals
                .values()
                .forEach(totals -> totals.forEach((topic, count) -> deadTotals.merge(topic, count, Double::sum)));
        Set<String> deadTopics = new TreeSet<>(deadTotals.keySet());
        deadTopics.addAll(deadByTopic.keySet());
        List<OpsView.DeadLetterView> deadLetters = new ArrayList<>();
        for (String topic : deadTopics) {
            deadLetters.add(new OpsView.DeadLetterView(
                    topic,
                    Math.round(deadTotals.getOrDefault(topic, 0d)),
                    Math.round(deadByTopic.getOrDefault(topic, 0d))));
        }

        List<OpsView.ActionView> actionViews = new ArrayList<>();
        for (Map.Entry<String, ActionMinute> entry : actions.entrySet()) {
            ActionMinute action = entry.getValue();
            if (action.runs + action.testRuns <= 0) {
                continue;
            }
            actionViews.add(new OpsView.ActionView(
                    entry.getKey(),
                    Math.round(action.runs),
                    Counters.perMinute(action.runs, observedHour),
                    Math.round(action.failures),
                    Math.round(action.testRuns),
                    Math.round(action.testFailures),
                    action.runs > 0 ? (action.runs - action.failures) / action.runs : null,
                    Histograms.quantile(0.5, action.buckets),
                    Histograms.quantile(0.95, action.buckets),
                    action.seconds / action.runs,
                    rounded(action.failuresByType),
                    rounded(action.runsByMode)));
        }
        actionViews.sort(Comparator.comparingLong(OpsView.ActionView::runs)
                .reversed()
                .thenComparing(OpsView.ActionView::actionId));

        Double flight = inFlight.isEmpty()
                ? null
                : inFlight.values().stream().mapToDouble(Double::doubleValue).sum();
        var summary = new OpsView.Summary(
                SUMMARY_MINUTES,
                recentRate(window, m -> m.accepted),
                recentRate(window, m -> m.refused),
                recentRate(window, m -> m.failed),
                recentRate(window, m -> m.runs),
                recentRate(window, m -> m.failedRuns),
                Math.round(runsHour),
                Math.round(failedHour),
                runsHour > 0 ? (runsHour - failedHour) / runsHour : null,
                Math.round(testRunsHour),
                Math.round(failedTestRunsHour),
                flight,
                lagTotal,
                Math.round(deadHour),
                rounded(refusedByCode));

        List<OpsView.ServiceView> serviceViews = new ArrayList<>();
        for (String name : services) {
            Read read = reads.get(name);
            serviceViews.add(
                    read == null
                            ? new OpsView.ServiceView(name, false, List.of(), null, "Not read yet")
                            : new OpsView.ServiceView(
                                    name,
                                    read.scrape().ready(),
                                    read.scrape().downChecks(),
                                    read.at(),
                                    read.scrape().error()));
        }
        return new OpsView(
                "ops",
                "platform",
                now,
                scrapeInterval.toSeconds(),
                WINDOW_MINUTES,
                serviceViews,
                dependencies(),
                summary,
                series,
                lag,
                deadLetters,
                actionViews);
    }

    /** Kafka and PostgreSQL as the services' last readiness checks saw them. */
    private List<OpsView.DependencyView> dependencies() {
        List<OpsView.DependencyView> views = new ArrayList<>();
        for (Map.Entry<String, String> entry : DEPENDENCY_CHECKS) {
            String dependency = entry.getKey();
            String check = entry.getValue();
            List<String> checkedBy = new ArrayList<>();
            List<String> downFor = new ArrayList<>();
            for (String name : services) {
                Read read = reads.get(name);
                if (read == null) {
                    continue;
                }
                if (read.scrape().downChecks().contains(check)) {
                    checkedBy.add(name);
                    downFor.add(name);
                } else if (read.scrape().upChecks().contains(check)) {
                    checkedBy.add(name);
                }
            }
            views.add(new OpsView.DependencyView(
                    dependency, checkedBy.isEmpty() ? null : downFor.isEmpty(), checkedBy, downFor));
        }
        return views;
    }

    private static List<Double> rates(Minute[] window, ToDoubleFunction<Minute> count) {
        List<Double> rates = new ArrayList<>(window.length);
        for (Minute minute : window) {
            rates.add(minute == null ? null : Counters.perMinute(count.applyAsDouble(minute), minute.observedMillis));
        }
        return rates;
    }

    private static Double recentRate(Minute[] window, ToDoubleFunction<Minute> count) {
        double total = 0;
        long observed = 0;
        for (int i = Math.max(0, window.length - SUMMARY_MINUTES); i < window.length; i++) {
            if (window[i] != null) {
                total += count.applyAsDouble(window[i]);
                observed += window[i].observedMillis;
            }
        }
        return Counters.perMinute(total, observed);
    }

    private static Map<String, Long> rounded(Map<String, Double> counts) {
        Map<String, Long> rounded = new LinkedHashMap<>();
        new TreeMap<>(counts).forEach((key, count) -> {
            if (Math.round(count) > 0) {
                rounded.put(key, Math.round(count));
            }
        });
        return rounded;
    }
}
