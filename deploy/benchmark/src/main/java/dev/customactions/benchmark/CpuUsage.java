package dev.customactions.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the platform's processes on this machine, by part (each service, Kafka,
 * PostgreSQL, the benchmark itself with the stand-in), and of the whole machine from
 * {@code /proc/stat}; two samples give each part's share of a core over an interval.
 */
public final class CpuUsage {

    public static final String[] PARTS = { "gateway", "definitions", "executor", "objects", "kafka", "postgres", "benchmark" };

    /** What in a process's command line makes it which part, in the order looked for; PostgreSQL is known by its command. */
    private static final List<Map.Entry<String, String>> MARKERS = List.of(
            Map.entry("channel-gateway/target/quarkus-app", "gateway"),
            Map.entry("definitions-service/target/quarkus-app", "definitions"),
            Map.entry("executor-service/target/quarkus-app", "executor"),
            Map.entry("objects-service/target/quarkus-app", "objects"),
            Map.entry("dev.customactions.localstack.BrokerMain", "kafka"));

    /** CPU nanoseconds by part, and the machine's busy and total jiffies. */
    public record Sample(long atNanos, Map<String, Long> cpuNanos, long machineBusy, long machineTotal) {

        /** Each part's CPU over the interval as a percentage of one core, and "machine" as % of all cores. */
        public Map<String, Double> since(Sample earlier) {
            double wall = atNanos - earlier.atNanos;
            var shares = new LinkedHashMap<String, Double>();
            for (String part : PARTS) {
                shares.put(part, 100.0 * (cpuNanos.getOrDefault(part, 0L) - earlier.cpuNanos.getOrDefault(part, 0L)) / wall);
            }
            long total = machineTotal - earlier.machineTotal;
            shares.put("machine", total == 0 ? 0 : 100.0 * (machineBusy - earlier.machineBusy) / total);
            return shares;
        }
    }

    private CpuUsage() {
    }

    public static Sample sample() {
        var cpu = new LinkedHashMap<String, Long>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(process -> {
            var info = process.info();
            String part = process.pid() == self ? "benchmark" : part(commandLine(process.pid()), info.command().orElse(""));
            if (part != null) {
                cpu.merge(part, info.totalCpuDuration().map(Duration::toNanos).orElse(0L), Long::sum);
            }
        });
        long busy = 0;
        long total = 0;
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i != 4 && i != 5) {
                    busy += value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no machine figure
        }
        return new Sample(System.nanoTime(), cpu, busy, total);
    }

    /** The full command line ({@code ProcessHandle.Info} may cut a long class path short). */
    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String part(String commandLine, String command) {
        for (var marker : MARKERS) {
            if (commandLine.contains(marker.getKey())) {
                return marker.getValue();
            }
        }
        if (command.endsWith("/postgres")) {
            return "postgres";
        }
        return null;
    }
}
