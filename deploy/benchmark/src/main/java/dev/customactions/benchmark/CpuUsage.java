package dev.customactions.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the platform's processes on this machine, by part (each service, Kafka,
 * PostgreSQL, the benchmark itself with the stand-in), and of the whole machine from
 * {@code /proc/stat}; two samples give each part's share of a core over an interval. The share of
 * a Java part's JIT compiler threads is given too ({@code <part>-jit}, within the part's): while it
 * is high the part is still compiling its hot paths, not yet in its steady state.
 */
public final class CpuUsage {

    public static final List<String> PARTS =
            List.of("gateway", "definitions", "executor", "objects", "console", "kafka", "postgres", "benchmark");

    /** What in a process's command line makes it which part, in the order looked for; PostgreSQL is known by its command. */
    private static final List<Map.Entry<String, String>> MARKERS = List.of(
            Map.entry("channel-gateway/target/quarkus-app", "gateway"),
            Map.entry("definitions-service/target/quarkus-app", "definitions"),
            Map.entry("executor-service/target/quarkus-app", "executor"),
            Map.entry("objects-service/target/quarkus-app", "objects"),
            Map.entry("console/target/quarkus-app", "console"),
            Map.entry("dev.customactions.localstack.BrokerMain", "kafka"));

    /** Suffix of a part's JIT compiler share. */
    public static final String JIT = "-jit";
    /** Clock ticks of {@code /proc/<pid>/task/<tid>/stat} (USER_HZ, 100 on Linux). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** CPU nanoseconds by part, and the machine's busy and total jiffies. */
    public record Sample(long atNanos, Map<String, Long> cpuNanos, long machineBusy, long machineTotal) {

        /** Each part's CPU over the interval as a percentage of one core, and "machine" as % of all cores. */
        public Map<String, Double> since(Sample earlier) {
            double wall = atNanos - earlier.atNanos;
            var shares = new LinkedHashMap<String, Double>();
            for (String part : PARTS) {
                shares.put(
                        part,
                        100.0 * (cpuNanos.getOrDefault(part, 0L) - earlier.cpuNanos.getOrDefault(part, 0L)) / wall);
                shares.put(
                        part + JIT,
                        100.0
                                * (cpuNanos.getOrDefault(part + JIT, 0L)
                                        - earlier.cpuNanos.getOrDefault(part + JIT, 0L))
                                / wall);
            }
            long total = machineTotal - earlier.machineTotal;
            shares.put("machine", total == 0 ? 0 : 100.0 * (machineBusy - earlier.machineBusy) / total);
            return shares;
        }
    }

    private CpuUsage() {}

    public static Sample sample() {
        var cpu = new LinkedHashMap<String, Long>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(process -> {
            var info = process.info();
            String part = process.pid() == self
                    ? "benchmark"
                    : part(commandLine(process.pid()), info.command().orElse(""));
            if (part != null) {
                cpu.merge(part, info.totalCpuDuration().map(Duration::toNanos).orElse(0L), Long::sum);
                cpu.merge(part + JIT, compilerNanos(process.pid()), Long::sum);
            }
        });
        long busy = 0;
        long total = 0;
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+", -1);
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

    /** CPU time of the process's JIT compiler threads (HotSpot's "C1/C2 CompilerThread<n>"); 0 where unknown. */
    private static long compilerNanos(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        continue;
                    }
                    // Fields after the command (which is in parentheses): state is the 3rd, utime the 14th, stime the
                    // 15th.
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields =
                            stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+", -1);
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }

    /** The processes of {@code part} running now. */
    public static List<ProcessHandle> processes(String part) {
        return ProcessHandle.allProcesses()
                .filter(process -> part.equals(part(
                        commandLine(process.pid()), process.info().command().orElse(""))))
                .toList();
    }

    /** The full command line ({@code ProcessHandle.Info} may cut a long class path short). */
    private static String commandLine(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
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
