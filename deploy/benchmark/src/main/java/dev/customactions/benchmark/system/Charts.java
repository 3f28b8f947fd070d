package dev.customactions.benchmark.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG charts, drawn with XChart. */
final class Charts {

    private Charts() {}

    /**
     * Draws {@code latency.png} (the time to the write against the rate) and {@code throughput.png}
     * (per second over the run) into {@code outDir}; nothing when no step ran.
     */
    static void draw(Path outDir, Report.Run run) throws IOException {
        List<Step> steps = run.steps();
        if (steps.isEmpty()) {
            return;
        }
        latency(
                outDir.resolve("latency.png"),
                steps.stream().map(s -> s.rate).toList(),
                steps.stream()
                        .map(s -> Report.PERCENTILES.stream()
                                .mapToDouble(p -> s.ms(s.toWrite, p))
                                .toArray())
                        .toList(),
                Report.PERCENTILES.stream()
                        .map(p -> Report.name(p) + " event due → write in PostgreSQL")
                        .toArray(String[]::new));
        throughput(outDir.resolve("throughput.png"), steps, run.t0Ns(), run.t0WallMicros());
    }

    /** End-to-end latency percentiles (log scale) against the offered rate, one line per percentile. */
    private static void latency(Path file, List<Integer> rates, List<double[]> percentiles, String[] names)
            throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(500)
                .title("End-to-end latency against offered rate")
                .xAxisTitle("offered events/s")
                .yAxisTitle("latency, ms (log)")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        for (int p = 0; p < names.length; p++) {
            int index = p;
            XYSeries series = chart.addSeries(
                    names[p],
                    rates.stream().mapToDouble(Integer::doubleValue).toArray(),
                    percentiles.stream()
                            .mapToDouble(values -> Math.max(0.1, values[index]))
                            .toArray());
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, strip(file), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Per-second counts over the whole run from {@code t0Ns} (and {@code t0WallMicros}, for the writes):
     * the events offered, accepted by the gateway, their results on {@code action.results} and their
     * writes in PostgreSQL.
     */
    private static void throughput(Path file, List<Step> steps, long t0Ns, long t0WallMicros) throws IOException {
        int length = 1;
        double[][] series = new double[4][7200];
        for (Step s : steps) {
            for (int i = 0; i < s.total; i++) {
                length = Math.max(length, add(series[0], (s.dueNs(i) - t0Ns) / 1_000_000_000L));
                if (s.status.get(i) == 200) {
                    length = Math.max(length, add(series[1], (s.answeredNs.get(i) - t0Ns) / 1_000_000_000L));
                }
                if (s.resultNs.get(i) != 0) {
                    length = Math.max(length, add(series[2], (s.resultNs.get(i) - t0Ns) / 1_000_000_000L));
                }
                if (s.writtenMicros[i] != 0 && !s.rejected[i]) {
                    length = Math.max(length, add(series[3], (s.writtenMicros[i] - t0WallMicros) / 1_000_000L));
                }
            }
        }
        int n = length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        throughput(
                file,
                x,
                Arrays.stream(series).map(values -> Arrays.copyOf(values, n)).toList(),
                new String[] {"offered", "accepted by the gateway", "results on action.results", "writes in PostgreSQL"
                });
    }

    private static int add(double[] bins, long second) {
        if (second < 0 || second >= bins.length) {
            return 0;
        }
        bins[(int) second]++;
        return (int) second + 1;
    }

    /** Per-second counts over the whole run: {@code series[i]} named {@code names[i]}. */
    private static void throughput(Path file, double[] seconds, List<double[]> series, String[] names)
            throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(1100)
                .height(500)
                .title("Throughput over time (per second)")
                .xAxisTitle("seconds since the first step")
                .yAxisTitle("per second")
                .build();
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setMarkerSize(0);
        for (int i = 0; i < names.length; i++) {
            chart.addSeries(names[i], seconds, series.get(i)).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, strip(file), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String strip(Path file) {
        String name = file.toString();
        return name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    }
}
