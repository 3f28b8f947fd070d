package dev.customactions.benchmark.system;

import dev.customactions.benchmark.CpuUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The warm-up that brings the platform to its steady state before anything is measured: load at a
 * fixed rate until every JVM of the platform (the four services and Kafka) spends under
 * {@link #SETTLED_JIT_PERCENT} of a core in its JIT compiler threads over {@link #WINDOW_SECONDS},
 * or until the step's length (the cap) runs out. What it took is kept for the report: how long, how
 * many events, the platform's CPU over it and the JIT's share of each JVM in its last window.
 */
final class Warmup {

    /** A JVM is settled when its compiler threads use less than this share of a core over a window. */
    static final double SETTLED_JIT_PERCENT = 3.0;
    /** The window over which the JIT's share is measured. */
    static final int WINDOW_SECONDS = 20;
    /** The platform's JVMs, whose JIT must settle (PostgreSQL has none; the benchmark is not the platform). */
    static final List<String> JVMS = List.of("gateway", "definitions", "executor", "objects", "console", "kafka");

    private final int rate;
    private final List<Map<String, Double>> windows = new ArrayList<>();
    private volatile boolean settled;
    private int seconds;
    private long events;
    private Map<String, Double> cpu = Map.of();

    private Warmup(int rate) {
        this.rate = rate;
    }

    /**
     * Runs {@code load} (which sends {@code step}'s events) and, every window, ends the step early once
     * every JVM's JIT share was under the threshold in that window; answers what the warm-up took.
     */
    static Warmup until(Step step, ScheduledExecutorService sampler, Runnable load) {
        var warmup = new Warmup(step.rate);
        var from = CpuUsage.sample();
        var previous = new AtomicReference<>(from);
        long startNs = System.nanoTime();
        var check = sampler.scheduleAtFixedRate(
                () -> {
                    var now = CpuUsage.sample();
                    var shares = now.since(previous.getAndSet(now));
                    var jit = new LinkedHashMap<String, Double>();
                    JVMS.forEach(jvm -> jit.put(jvm, shares.get(jvm + CpuUsage.JIT)));
                    warmup.windows.add(jit);
                    System.out.printf("    warm-up, JIT %% of a core over the last %d s: %s%n", WINDOW_SECONDS, jit);
                    if (jit.values().stream().allMatch(share -> share < SETTLED_JIT_PERCENT)) {
                        warmup.settled = true;
                        step.limit = (int) Math.min(step.total, (System.nanoTime() - startNs) / step.intervalNs);
                    }
                },
                WINDOW_SECONDS,
                WINDOW_SECONDS,
                TimeUnit.SECONDS);
        load.run();
        check.cancel(false);
        var to = CpuUsage.sample();
        warmup.seconds = (int) Math.round((System.nanoTime() - startNs) / 1e9);
        warmup.events = step.sent;
        warmup.cpu = to.since(from);
        return warmup;
    }

    /** One line: how long, how many events, what it cost, and the last window's JIT shares. */
    String summary() {
        double platform = 0;
        double jit = 0;
        for (String part : CpuUsage.PARTS) {
            if (!part.equals("benchmark")) {
                platform += cpu.getOrDefault(part, 0.0);
                jit += cpu.getOrDefault(part + CpuUsage.JIT, 0.0);
            }
        }
        Map<String, Double> last = windows.isEmpty() ? Map.of() : windows.get(windows.size() - 1);
        var lastShares = new ArrayList<String>();
        last.forEach((jvm, share) -> lastShares.add(String.format("%s %.1f", jvm, share)));
        return String.format(
                "Warm-up: %s after %,d s at %d events/s (%,d events); the platform used %.2f cores over it "
                        + "(%.0f core-seconds, of which JIT %.0f); JIT %% of a core in the last %d s: %s",
                settled ? "settled" : "not settled (cap reached)",
                seconds,
                rate,
                events,
                platform / 100,
                platform / 100 * seconds,
                jit / 100 * seconds,
                WINDOW_SECONDS,
                String.join(", ", lastShares));
    }
}
