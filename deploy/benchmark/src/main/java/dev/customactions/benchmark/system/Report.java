package dev.customactions.benchmark.system;

import static java.util.Map.entry;

import dev.customactions.benchmark.CpuUsage;
import dev.customactions.benchmark.ResultsReader;
import dev.customactions.localstack.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The whole-system benchmark's report: the Markdown, rendered from the template {@code system-report.md}
 * with the run's figures; its PNG charts are drawn by {@link Charts}.
 */
final class Report {

    /** The percentiles of the time to the write in the steps' table and the latency chart. */
    static final List<Double> PERCENTILES = List.of(50.0, 99.0, 99.9);
    /** The percentile shown alone for the other latencies. */
    static final double TAIL = 99;
    /** The percentile shown for the typical latency of the steady workspace's events. */
    static final double MEDIAN = 50;
    /** Target: the platform's CPU with no load, in % of a core. */
    static final int IDLE_TARGET_PERCENT = 3;
    /** The rate at which the idle CPU is also shown per action. */
    static final int IDLE_EXAMPLE_RATE = 100;
    /** The costliest statements shown for each step. */
    static final int TOP_STATEMENTS = 10;
    /** The columns of the CPU-per-action table, after the rates. */
    private static final List<String> CPU_COLUMNS = List.of(
            "gateway",
            "definitions",
            "executor",
            "objects",
            "console",
            "kafka",
            "postgres",
            "platform",
            "platform" + CpuUsage.JIT,
            "benchmark",
            "all");
    /** A share of 100 (one core) is 1,000,000 µs of CPU per second. */
    private static final double MICROS_PER_SECOND_PER_PERCENT = 10_000;

    /** Small counts as the prose writes them. */
    private static final List<String> WORDS =
            List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten");

    /**
     * What the run measured: the steps in order, the parts' ceilings, the warm-up, each part's CPU
     * with no load, the cold start, the two workspaces' steps (null when not measured) and when the
     * first step started.
     */
    record Run(
            List<Step> steps,
            List<Ceilings.Ceiling> ceilings,
            Warmup warmup,
            Map<String, Double> idle,
            long coldStartNs,
            Load.TwoWorkspaces twoWorkspaces,
            long t0Ns,
            long t0WallMicros) {}

    private final SystemBenchmark.Settings settings;
    private final Run run;
    private final Template template;

    Report(SystemBenchmark.Settings settings, Run run) throws IOException {
        this.settings = settings;
        this.run = run;
        this.template = Template.read("/system-report.md");
    }

    /** The report; {@code outDir} is the run's directory from the repository, {@code chartsDir} from the results. */
    String markdown(String outDir, String chartsDir) {
        List<Step> steps = run.steps();
        return template.fill(
                "report",
                Map.ofEntries(
                        entry("date", LocalDate.now(ZoneId.systemDefault())),
                        entry("machine", machine()),
                        entry("services", word(Launcher.PLATFORM_SERVICES.size())),
                        entry("command", settings.command()),
                        entry("outDir", outDir),
                        entry("orderUrl", Setup.orderUrl("<port>")),
                        entry("connections", settings.connections()),
                        entry("conversations", settings.conversations()),
                        entry("orderNumbers", figure(Load.ORDER_NUMBERS)),
                        entry("warmup", settings.warmup()),
                        entry("seconds", settings.seconds()),
                        entry("warmupSummary", run.warmup().summary()),
                        entry("coldStartSeconds", Math.round(run.coldStartNs() / 1e9)),
                        entry("stopSaturatedFrom", SystemBenchmark.STOP_SATURATED_FROM),
                        entry("drain", settings.drain()),
                        entry("overloadFactor", times(SystemBenchmark.OVERLOAD_FACTOR)),
                        entry("overloadDrainFactor", times(SystemBenchmark.OVERLOAD_DRAIN_FACTOR)),
                        entry(
                                "writePercentiles",
                                PERCENTILES.stream().map(Report::name).collect(Collectors.joining(" / "))),
                        entry("tail", name(TAIL)),
                        entry("readEveryMs", ResultsReader.READ_EVERY_MS),
                        entry("lagEverySeconds", Load.LAG_EVERY_SECONDS),
                        entry("stepRows", join(steps.stream().map(this::stepRow).toList())),
                        entry("twoWorkspaces", run.twoWorkspaces() == null ? "" : twoWorkspaces()),
                        entry("cpuTargetMicros", figure(Headline.CPU_TARGET_MICROS)),
                        entry("cpuTargetRate", Headline.CPU_TARGET_RATE),
                        entry("cpuRows", join(steps.stream().map(Report::cpuRow).toList())),
                        entry(
                                "jit",
                                join(steps.stream()
                                        .filter(s -> s.jitFrom != null && s.jitTo != null)
                                        .map(this::jit)
                                        .toList())),
                        entry("idle", run.idle().isEmpty() ? "" : idle()),
                        entry(
                                "statements",
                                join(steps.stream()
                                        .filter(s -> !s.statements.isEmpty() && s.writtenPerSecond != 0)
                                        .map(this::statements)
                                        .toList())),
                        entry("chartsDir", chartsDir),
                        entry(
                                "ceilingRows",
                                join(run.ceilings().stream()
                                        .map(Report::ceilingRow)
                                        .toList())),
                        entry("headline", new Headline(template, steps, run.ceilings()).lines())));
    }

    private String stepRow(Step s) {
        var failures = new TreeMap<String, Long>(s.failedRuns);
        if (s.non200 > 0) {
            failures.put("gateway non-200", s.non200);
        }
        if (s.rejectedCount > 0) {
            failures.put("writes rejected", s.rejectedCount);
        }
        if (s.duplicates.get() > 0) {
            failures.put("duplicate results", s.duplicates.get());
        }
        String cpu = "–";
        String machine = "–";
        if (s.cpuFrom != null && s.cpuTo != null) {
            var shares = s.cpuTo.since(s.cpuFrom);
            cpu = CpuUsage.PARTS.stream()
                    .map(p -> String.valueOf(Math.round(shares.get(p))))
                    .collect(Collectors.joining(" / "));
            machine = Math.round(shares.get("machine")) + " %";
        }
        return String.format(
                Locale.ROOT,
                "| %d | %.0f | %.0f | %s | %.1f | %.1f | %s | %s | %s | %s | %s |\n",
                s.rate,
                s.acceptedPerSecond,
                s.writtenPerSecond,
                PERCENTILES.stream()
                        .map(p -> String.format(Locale.ROOT, "%.1f", s.ms(s.toWrite, p)))
                        .collect(Collectors.joining(" / ")),
                s.ms(s.toResult, TAIL),
                s.ms(s.gateway, TAIL),
                failures.isEmpty() ? "0 failed runs" : failures.toString(),
                s.notDone == 0
                        ? String.valueOf(s.lost())
                        : String.format(
                                Locale.ROOT, "%d (%,d not done within %d s)", s.lost(), s.notDone, settings.drain()),
                maxLag(s),
                cpu,
                machine);
    }

    private String twoWorkspaces() {
        Step flood = run.twoWorkspaces().flood();
        Step steady = run.twoWorkspaces().steady();
        return template.fill(
                "two-workspaces",
                Map.ofEntries(
                        entry("steadyRate", word(steady.rate)),
                        entry("floodRate", flood.rate),
                        entry("overloadFactor", times(SystemBenchmark.OVERLOAD_FACTOR)),
                        entry("seconds", flood.seconds),
                        entry("floodWritten", String.format(Locale.ROOT, "%.0f", flood.writtenPerSecond)),
                        entry("tail", name(TAIL)),
                        entry("floodToWrite", String.format(Locale.ROOT, "%.1f", flood.ms(flood.toWrite, TAIL))),
                        entry("floodMaxLag", maxLag(flood)),
                        entry("floodLost", flood.lost()),
                        entry("median", name(MEDIAN)),
                        entry(
                                "steadyToResultMedian",
                                String.format(Locale.ROOT, "%.1f", steady.ms(steady.toResult, MEDIAN))),
                        entry(
                                "steadyToResultTail",
                                String.format(Locale.ROOT, "%.1f", steady.ms(steady.toResult, TAIL))),
                        entry("steadyToWriteTail", String.format(Locale.ROOT, "%.1f", steady.ms(steady.toWrite, TAIL))),
                        entry("steadyLost", steady.lost())));
    }

    private static String cpuRow(Step s) {
        var perAction = s.cpuMicrosPerAction();
        String cells = CPU_COLUMNS.stream()
                .map(part -> {
                    Double micros = perAction.get(part);
                    String cell = micros == null ? "–" : String.format(Locale.ROOT, "%,.0f", micros);
                    return part.equals("platform") && micros != null ? "**" + cell + "**" : cell;
                })
                .collect(Collectors.joining(" | "));
        return String.format(Locale.ROOT, "| %d | %.0f | %s |\n", s.rate, s.writtenPerSecond, cells);
    }

    private String jit(Step s) {
        String perMinute = s.jitTo.perMinuteSince(s.jitFrom).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return template.fill("jit", Map.of("rate", s.rate, "perMinute", perMinute));
    }

    private String idle() {
        Map<String, Double> idle = run.idle();
        var parts = new ArrayList<String>();
        double platform = 0;
        for (String part : CpuUsage.PARTS) {
            parts.add(String.format(
                    Locale.ROOT, "%s %.1f (JIT %.1f)", part, idle.get(part), idle.get(part + CpuUsage.JIT)));
            platform += part.equals("benchmark") ? 0 : idle.get(part);
        }
        return template.fill(
                "idle",
                Map.ofEntries(
                        entry("idleSeconds", Load.IDLE_SECONDS),
                        entry("parts", String.join(", ", parts)),
                        entry("platform", String.format(Locale.ROOT, "%.1f", platform)),
                        entry("idleTargetPercent", IDLE_TARGET_PERCENT),
                        entry(
                                "microsPerSecond",
                                String.format(Locale.ROOT, "%,.0f", platform * MICROS_PER_SECOND_PER_PERCENT)),
                        entry(
                                "microsPerAction",
                                String.format(
                                        Locale.ROOT,
                                        "%,.0f",
                                        platform * (MICROS_PER_SECOND_PER_PERCENT / IDLE_EXAMPLE_RATE))),
                        entry("exampleRate", IDLE_EXAMPLE_RATE)));
    }

    private String statements(Step s) {
        double actions = s.writtenPerSecond * s.seconds;
        String rows = s.statements.stream()
                .limit(TOP_STATEMENTS)
                .map(st -> String.format(
                        Locale.ROOT,
                        "| %s | `%s` | %.2f | %.1f | %.0f |\n",
                        st.database(),
                        shorten(st.query()),
                        st.calls() / actions,
                        st.calls() == 0 ? 0.0 : st.rows() / (double) st.calls(),
                        st.totalMs() * 1000 / actions))
                .collect(Collectors.joining());
        long calls =
                s.statements.stream().mapToLong(Statements.Statement::calls).sum();
        return template.fill(
                "statements",
                Map.ofEntries(
                        entry("rate", s.rate),
                        entry("top", word(TOP_STATEMENTS)),
                        entry("rows", rows),
                        entry("callsPerAction", String.format(Locale.ROOT, "%.1f", calls / actions))));
    }

    private static String ceilingRow(Ceilings.Ceiling c) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %s |\n", c.part(), c.perSecond(), c.how());
    }

    private static String maxLag(Step s) {
        return s.maxLag.get() < 0 ? "–" : String.format(Locale.ROOT, "%,d", s.maxLag.get());
    }

    private static String shorten(String query) {
        String oneLine = query.replace("|", "\\|").replace("`", "'");
        return oneLine.length() <= 110 ? oneLine : oneLine.substring(0, 107) + "...";
    }

    private static String join(List<String> blocks) {
        return String.join("", blocks);
    }

    /** A figure as the prose writes it: thousands grouped, at most three decimals, none when whole. */
    static String figure(double value) {
        return new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    /** A percentile's name: p50, p99, p99.9. */
    static String name(double percentile) {
        return "p" + figure(percentile);
    }

    /** A small count in words: one, two... ten (digits above). */
    static String word(int count) {
        return count >= 0 && count < WORDS.size() ? WORDS.get(count) : String.valueOf(count);
    }

    /** A multiplier in words: once, twice, three times... */
    static String times(int factor) {
        return switch (factor) {
            case 1 -> "once";
            case 2 -> "twice";
            default -> word(factor) + " times";
        };
    }

    private static String machine() {
        String cpu = "unknown CPU";
        String memory = "unknown memory";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(
                            Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst()
                    .orElse(memory);
        } catch (Exception e) {
            // not Linux
        }
        return String.format(
                Locale.ROOT,
                "%d cores (`nproc`), %s, %s, %s %s, Java %s (%s)",
                Runtime.getRuntime().availableProcessors(),
                memory,
                cpu,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.version"),
                System.getProperty("java.vendor"));
    }
}
