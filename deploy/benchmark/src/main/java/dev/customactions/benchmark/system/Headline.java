package dev.customactions.benchmark.system;

import static java.util.Map.entry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report's headline, one line each: the highest rate sustained, the parts' lowest ceiling, each
 * target met or missed, what was lost and where the CPU went at the last step.
 */
final class Headline {

    /** Target: this many actions a second sustained with nothing lost. */
    static final int THROUGHPUT_TARGET = 1500;
    /** The rate at which the latency target is checked. */
    static final int LATENCY_TARGET_RATE = 500;
    /** Target: at {@link #LATENCY_TARGET_RATE}, the time to the write at {@link Report#TAIL} under this. */
    static final int LATENCY_TARGET_MS = 100;
    /** The rate at which the CPU target is checked. */
    static final int CPU_TARGET_RATE = 300;
    /** Target: at {@link #CPU_TARGET_RATE}, at most this many µs of CPU per action over the platform's processes. */
    static final int CPU_TARGET_MICROS = 1000;
    /** Target: at the overload step, at least this share of the rate sustained still written. */
    static final int OVERLOAD_TARGET_PERCENT = 90;

    private final Template template;
    private final List<Step> steps;
    private final List<Ceilings.Ceiling> ceilings;

    Headline(Template template, List<Step> steps, List<Ceilings.Ceiling> ceilings) {
        this.template = template;
        this.steps = steps;
        this.ceilings = ceilings;
    }

    /** The headline's lines, each from its part of the template. */
    String lines() {
        double sustained = steps.stream()
                .filter(Step::clean)
                .mapToDouble(s -> s.writtenPerSecond)
                .max()
                .orElse(0);
        double highest =
                steps.stream().mapToDouble(s -> s.writtenPerSecond).max().orElse(0);
        var lines = new ArrayList<String>();
        lines.add(template.fill(
                "headline-sustained",
                Map.ofEntries(
                        entry("sustainedShare", Report.figure(100 * Step.SUSTAINED_SHARE)),
                        entry("saturationPercentile", Report.name(Step.SATURATION_PERCENTILE)),
                        entry("saturatedAboveSeconds", Report.figure(Step.SATURATED_ABOVE_MS / 1000)),
                        entry("sustained", String.format(Locale.ROOT, "%,.0f", sustained)),
                        entry("highest", String.format(Locale.ROOT, "%,.0f", highest)))));
        ceilings.stream()
                .filter(c -> !c.part().contains("single row"))
                .min(Comparator.comparingDouble(Ceilings.Ceiling::perSecond))
                .ifPresent(lowest -> lines.add(lowestCeiling(lowest, sustained, highest)));
        steps.stream().filter(s -> s.rate == LATENCY_TARGET_RATE).findFirst().ifPresent(s -> lines.add(latency(s)));
        lines.add(template.fill(
                "headline-throughput",
                Map.ofEntries(
                        entry("target", Report.figure(THROUGHPUT_TARGET)),
                        entry(
                                "verdict",
                                sustained >= THROUGHPUT_TARGET
                                        ? "met"
                                        : String.format(
                                                Locale.ROOT,
                                                "missed by %,.0f actions/s (%.0f %% of the target)",
                                                THROUGHPUT_TARGET - sustained,
                                                100 * sustained / THROUGHPUT_TARGET)))));
        steps.stream().filter(s -> s.overloadOf > 0).findFirst().ifPresent(s -> lines.add(overload(s)));
        steps.stream()
                .filter(s ->
                        s.rate == CPU_TARGET_RATE && !s.cpuMicrosPerAction().isEmpty())
                .findFirst()
                .ifPresent(s -> lines.add(cpu(s)));
        long lost = steps.stream().mapToLong(Step::lost).sum();
        lines.add(template.fill("headline-lost", Map.of("lost", lost)));
        Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (last != null && last.cpuFrom != null && last.cpuTo != null) {
            lines.add(lastStep(last));
        }
        return String.join("", lines);
    }

    private String lowestCeiling(Ceilings.Ceiling lowest, double sustained, double highest) {
        return template.fill(
                "headline-lowest-ceiling",
                Map.ofEntries(
                        entry("part", lowest.part()),
                        entry("perSecond", String.format(Locale.ROOT, "%,.0f", lowest.perSecond())),
                        entry(
                                "sustainedPercent",
                                String.format(Locale.ROOT, "%.1f", 100 * sustained / lowest.perSecond())),
                        entry(
                                "highestPercent",
                                String.format(Locale.ROOT, "%.1f", 100 * highest / lowest.perSecond()))));
    }

    private String latency(Step s) {
        double toWrite = s.ms(s.toWrite, Report.TAIL);
        return template.fill(
                "headline-latency",
                Map.ofEntries(
                        entry("rate", s.rate),
                        entry("tail", Report.name(Report.TAIL)),
                        entry("toWrite", String.format(Locale.ROOT, "%.1f", toWrite)),
                        entry("targetMs", LATENCY_TARGET_MS),
                        entry("verdict", toWrite < LATENCY_TARGET_MS ? "met" : "missed")));
    }

    private String overload(Step s) {
        return template.fill(
                "headline-overload",
                Map.ofEntries(
                        entry("overloadFactor", Report.times(SystemBenchmark.OVERLOAD_FACTOR)),
                        entry("rate", String.format(Locale.ROOT, "%,d", s.rate)),
                        entry("seconds", s.seconds),
                        entry("sustainedRate", String.format(Locale.ROOT, "%,d", s.overloadOf)),
                        entry("written", String.format(Locale.ROOT, "%,.0f", s.writtenPerSecond)),
                        entry("percent", String.format(Locale.ROOT, "%.0f", 100 * s.writtenPerSecond / s.overloadOf)),
                        entry("targetPercent", OVERLOAD_TARGET_PERCENT),
                        entry("lost", String.format(Locale.ROOT, "%,d", s.lost())),
                        entry("notDone", String.format(Locale.ROOT, "%,d", s.notDone))));
    }

    private String cpu(Step s) {
        var perAction = s.cpuMicrosPerAction();
        return template.fill(
                "headline-cpu",
                Map.ofEntries(
                        entry("rate", s.rate),
                        entry("platform", String.format(Locale.ROOT, "%,.0f", perAction.get("platform"))),
                        entry("all", String.format(Locale.ROOT, "%,.0f", perAction.get("all"))),
                        entry("targetMicros", Report.figure(CPU_TARGET_MICROS)),
                        entry("verdict", perAction.get("platform") <= CPU_TARGET_MICROS ? "met" : "missed")));
    }

    /** The last step's CPU by process, the busiest first. */
    private String lastStep(Step last) {
        var shares = last.cpuTo.since(last.cpuFrom);
        String byProcess = shares.entrySet().stream()
                .filter(e -> !e.getKey().equals("machine"))
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return template.fill(
                "headline-last-step",
                Map.ofEntries(
                        entry("rate", last.rate),
                        entry("busy", String.format(Locale.ROOT, "%.0f", shares.get("machine"))),
                        entry("parts", byProcess)));
    }
}
