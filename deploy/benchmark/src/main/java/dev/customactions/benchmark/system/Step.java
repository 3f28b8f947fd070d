package dev.customactions.benchmark.system;

import dev.customactions.benchmark.Compilations;
import dev.customactions.benchmark.CpuUsage;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.Histogram;

/**
 * One arrival rate of the whole-system benchmark: warm-up then measured events, each followed to its
 * result and its write: what {@link Load} records while it runs, and the figures computed from it after.
 */
final class Step {

    /** Below this share of the offered rate accepted or written, a step is saturated. */
    static final double SUSTAINED_SHARE = 0.95;
    /** The percentile of the time to the write that must stay within {@link #SATURATED_ABOVE_MS}. */
    static final double SATURATION_PERCENTILE = 99;
    /** Above this time to the write (at {@link #SATURATION_PERCENTILE}), a step is saturated. */
    static final double SATURATED_ABOVE_MS = 1000;

    final int rate;
    final int warmupSeconds;
    final int seconds;
    final String tag;
    final int total;
    final int warmupCount;
    final long intervalNs;
    long startNs;
    long startWallMicros;
    final AtomicIntegerArray status;
    final AtomicLongArray answeredNs;
    final AtomicLongArray resultNs;
    final AtomicIntegerArray resultState;
    final AtomicReferenceArray<String> runIds;
    final long[] writtenMicros;
    final boolean[] rejected;
    final AtomicLong answered = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong results = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final Map<String, Long> failedRuns = new ConcurrentHashMap<>();
    /** Events to send at most: lowered while the step runs to end it early (a warm-up that settled). */
    volatile int limit;
    /** Events sent (all of them unless the step was ended early). */
    volatile int sent;
    /** The drain time ran out while the executor or the objects service still had records to do. */
    boolean backlogLeft;
    /** Accepted events without a result or write when the drain time ran out while a backlog was left. */
    long notDone;
    /** The sustained rate this step offers twice (an overload step), 0 for a step of {@code --rates}. */
    int overloadOf;
    /** Largest lag of channel.events for the executor's group seen during the step, -1 if never read. */
    final AtomicLong maxLag = new AtomicLong(-1);

    volatile CpuUsage.Sample cpuFrom;
    volatile CpuUsage.Sample cpuTo;
    /** Each JVM's compilations just before and just after the measured window. */
    volatile Compilations.Sample jitFrom;

    volatile Compilations.Sample jitTo;
    /** PostgreSQL's statements over the measured window, the costliest first. */
    volatile List<Statements.Statement> statements = List.of();
    // computed after the step
    double acceptedPerSecond;
    double resultsPerSecond;
    double writtenPerSecond;
    final Histogram toWrite = new Histogram(TimeUnit.MINUTES.toNanos(30), 3);
    final Histogram toResult = new Histogram(TimeUnit.MINUTES.toNanos(30), 3);
    final Histogram gateway = new Histogram(TimeUnit.MINUTES.toNanos(30), 3);
    long non200;
    long failed;
    long rejectedCount;
    long noResult;
    long noWrite;

    Step(String tag, int rate, int warmupSeconds, int seconds) {
        this.rate = rate;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.tag = tag;
        this.total = rate * (warmupSeconds + seconds);
        this.warmupCount = rate * warmupSeconds;
        this.intervalNs = 1_000_000_000L / rate;
        status = new AtomicIntegerArray(total);
        answeredNs = new AtomicLongArray(total);
        resultNs = new AtomicLongArray(total);
        resultState = new AtomicIntegerArray(total);
        runIds = new AtomicReferenceArray<>(total);
        writtenMicros = new long[total];
        rejected = new boolean[total];
        limit = total;
    }

    /** The highest rate among {@code steps} that was {@link #clean()}, 0 if none was. */
    static int sustainedRate(List<Step> steps) {
        return steps.stream().filter(Step::clean).mapToInt(s -> s.rate).max().orElse(0);
    }

    long dueNs(int i) {
        return startNs + i * intervalNs;
    }

    long dueWallMicros(int i) {
        return startWallMicros + i * intervalNs / 1000;
    }

    long lost() {
        return noResult + noWrite;
    }

    /**
     * CPU microseconds per action written in the measured window, for each part of
     * {@link CpuUsage#PARTS} and their sum ("platform": all but the load generator and stand-in;
     * "all": everything); empty if the CPU wasn't sampled or nothing was written.
     */
    Map<String, Double> cpuMicrosPerAction() {
        var perAction = new LinkedHashMap<String, Double>();
        if (cpuFrom == null || cpuTo == null || writtenPerSecond == 0) {
            return perAction;
        }
        var shares = cpuTo.since(cpuFrom);
        double platform = 0;
        double compiling = 0;
        for (String part : CpuUsage.PARTS) {
            // a share of 100 is one core: 1,000,000 µs of CPU per second
            double micros = shares.get(part) * 10_000 / writtenPerSecond;
            perAction.put(part, micros);
            if (!part.equals("benchmark")) {
                platform += micros;
                compiling += shares.get(part + CpuUsage.JIT) * 10_000 / writtenPerSecond;
            }
        }
        perAction.put("platform", platform);
        perAction.put("platform" + CpuUsage.JIT, compiling);
        perAction.put("all", platform + perAction.get("benchmark"));
        return perAction;
    }

    double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
    }

    /**
     * Saturated: accepted or written below {@link #SUSTAINED_SHARE} of the offered rate, the time to the
     * write at {@link #SATURATION_PERCENTILE} above {@link #SATURATED_ABOVE_MS}, or a loss.
     */
    boolean saturated() {
        return acceptedPerSecond < SUSTAINED_SHARE * rate
                || writtenPerSecond < SUSTAINED_SHARE * rate
                || ms(toWrite, SATURATION_PERCENTILE) > SATURATED_ABOVE_MS
                || lost() > 0
                || notDone > 0;
    }

    boolean clean() {
        return !saturated() && non200 == 0 && failed == 0 && rejectedCount == 0;
    }

    /** Computes the step's figures from what was recorded: rates over the measured window, latencies, losses. */
    void compute() {
        long measuredFrom = dueNs(warmupCount);
        long measuredTo = measuredFrom + TimeUnit.SECONDS.toNanos(seconds);
        long wallFrom = dueWallMicros(warmupCount);
        long wallTo = wallFrom + TimeUnit.SECONDS.toMicros(seconds);
        long acceptedInWindow = 0;
        long resultsInWindow = 0;
        long writtenInWindow = 0;
        toWrite.reset();
        toResult.reset();
        gateway.reset();
        non200 = 0;
        failed = 0;
        rejectedCount = 0;
        noResult = 0;
        noWrite = 0;
        notDone = 0;
        for (int i = 0; i < total; i++) {
            int answer = status.get(i);
            long answeredAt = answeredNs.get(i);
            long result = resultNs.get(i);
            long written = writtenMicros[i];
            boolean unfinished = result == 0 || (resultState.get(i) == 1 && written == 0);
            if (answer != 200) {
                non200++;
            } else if (unfinished && backlogLeft) {
                notDone++;
            } else if (result == 0) {
                noResult++;
            } else if (unfinished) {
                noWrite++;
            }
            if (resultState.get(i) == 2) {
                failed++;
            }
            if (written != 0 && rejected[i]) {
                rejectedCount++;
            }
            if (answer == 200 && answeredAt >= measuredFrom && answeredAt < measuredTo) {
                acceptedInWindow++;
            }
            if (result >= measuredFrom && result < measuredTo) {
                resultsInWindow++;
            }
            if (written >= wallFrom && written < wallTo && !rejected[i]) {
                writtenInWindow++;
            }
            if (i >= warmupCount) {
                if (answeredAt != 0) {
                    gateway.recordValue(Math.max(1, answeredAt - dueNs(i)));
                }
                if (result != 0) {
                    toResult.recordValue(Math.max(1, result - dueNs(i)));
                }
                if (written != 0) {
                    toWrite.recordValue(Math.max(1, (written - dueWallMicros(i)) * 1000));
                }
            }
        }
        acceptedPerSecond = acceptedInWindow / (double) seconds;
        resultsPerSecond = resultsInWindow / (double) seconds;
        writtenPerSecond = writtenInWindow / (double) seconds;
    }

    /** The step's figures on one line, for the console. */
    String summary() {
        return String.format(
                Locale.ROOT,
                "%5d/s offered: accepted %6.0f/s, results %6.0f/s, written %6.0f/s; to write p50 %8.1f p99 %8.1f "
                        + "p99.9 %8.1f ms; gateway p99 %7.1f ms; non-200 %d, failed runs %s, rejected %d, lost %d (no result %d, "
                        + "no write %d), duplicates %d; max lag %d; CPU %s; CPU µs per action %s",
                rate,
                acceptedPerSecond,
                resultsPerSecond,
                writtenPerSecond,
                ms(toWrite, 50),
                ms(toWrite, 99),
                ms(toWrite, 99.9),
                ms(gateway, 99),
                non200,
                failedRuns,
                rejectedCount,
                lost(),
                noResult,
                noWrite,
                duplicates.get(),
                maxLag.get(),
                cpuShares(),
                cpuPerAction());
    }

    private String cpuShares() {
        if (cpuFrom == null || cpuTo == null) {
            return "–";
        }
        var parts = new ArrayList<String>();
        cpuTo.since(cpuFrom).forEach((part, share) -> parts.add(part + " " + Math.round(share)));
        return String.join(", ", parts);
    }

    private String cpuPerAction() {
        var parts = new ArrayList<String>();
        cpuMicrosPerAction().forEach((part, micros) -> parts.add(part + " " + Math.round(micros)));
        return parts.isEmpty() ? "–" : String.join(", ", parts);
    }

    /** Charges the result of the step's event {@code index}, read at {@code seen}; a second result is a duplicate. */
    void record(long index, JsonObject result, long seen) {
        int i = (int) index;
        if (!resultNs.compareAndSet(i, 0, seen)) {
            duplicates.incrementAndGet();
            return;
        }
        boolean success = "success".equals(result.getString("status"));
        resultState.set(i, success ? 1 : 2);
        runIds.set(i, result.getString("run_id"));
        if (!success) {
            JsonObject error = result.getJsonObject("error");
            failedRuns.merge(error == null ? result.getString("status") : error.getString("type"), 1L, Long::sum);
        }
        results.incrementAndGet();
    }
}
