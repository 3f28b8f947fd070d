package dev.customactions.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How many methods each JVM of the platform compiled, and how many compiled methods it threw away
 * (invalidated: a deoptimization that made them not entrant): HotSpot's {@code sun.ci.totalCompiles}
 * and {@code sun.ci.totalInvalidates}, read with {@code jstat -compiler <pid>} from the JVM's perf-data
 * file (no attach, unlike {@code jcmd}). Two samples give the rate over a step: near zero once the JIT
 * has settled.
 * Each read starts a {@code jstat} process, so sample outside a window whose CPU is measured.
 */
public final class Compilations {

    /** The JVMs read: every part but PostgreSQL and the benchmark itself. */
    public static final List<String> JVMS =
            List.of("gateway", "definitions", "executor", "objects", "console", "kafka");

    /** Counts by JVM at one moment. */
    public record Sample(long atNanos, Map<String, long[]> counts) {

        /** Compilations and invalidations per minute since {@code earlier}, by JVM ("12 / 0"). */
        public Map<String, String> perMinuteSince(Sample earlier) {
            double minutes = (atNanos - earlier.atNanos) / 60e9;
            var rates = new LinkedHashMap<String, String>();
            counts.forEach((jvm, now) -> {
                long[] before = earlier.counts.get(jvm);
                if (before != null && minutes > 0) {
                    rates.put(
                            jvm,
                            String.format(
                                    "%.0f / %.0f", (now[0] - before[0]) / minutes, (now[1] - before[1]) / minutes));
                }
            });
            return rates;
        }
    }

    private Compilations() {}

    public static Sample sample() {
        var counts = new LinkedHashMap<String, long[]>();
        for (String jvm : JVMS) {
            long compiles = 0;
            long invalidates = 0;
            boolean read = false;
            for (ProcessHandle process : CpuUsage.processes(jvm)) {
                long[] one = read(process.pid());
                if (one != null) {
                    compiles += one[0];
                    invalidates += one[1];
                    read = true;
                }
            }
            if (read) {
                counts.put(jvm, new long[] {compiles, invalidates});
            }
        }
        return new Sample(System.nanoTime(), counts);
    }

    /** {compiles, invalidates} of one JVM, or null (and why, on the output) when it can't be read. */
    private static long[] read(long pid) {
        try {
            Process jstat = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jstat")
                                    .toString(),
                            "-compiler",
                            String.valueOf(pid))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jstat.waitFor(20, TimeUnit.SECONDS)) {
                jstat.destroyForcibly();
                System.out.println("Reading the JIT counters of process " + pid + " took over 20 s");
                return null;
            }
            return counters(out);
        } catch (IOException | RuntimeException e) {
            System.out.println("Reading the JIT counters of process " + pid + " failed: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.out.println("Reading the JIT counters of process " + pid + " was interrupted");
            return null;
        }
    }

    /**
     * {compiles, invalidates} from {@code jstat -compiler}'s two lines: a header naming the columns
     * ({@code Compiled Failed Invalid Time FailedType FailedMethod}) and their values.
     */
    private static long[] counters(String out) {
        String[] lines = out.strip().split("\\R", -1);
        if (lines.length < 2) {
            throw new IllegalStateException("no counters in: " + out);
        }
        List<String> names = List.of(lines[0].trim().split("\\s+", -1));
        String[] values = lines[1].trim().split("\\s+", -1);
        return new long[] {
            Long.parseLong(values[names.indexOf("Compiled")]), Long.parseLong(values[names.indexOf("Invalid")])
        };
    }
}
