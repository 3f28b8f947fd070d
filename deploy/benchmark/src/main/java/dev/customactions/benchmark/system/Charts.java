package dev.customactions.benchmark.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG charts, drawn with XChart. */
final class Charts {

    private Charts() {}

    /** End-to-end latency percentiles (log scale) against the offered rate, one line per percentile. */
    static void latency(Path file, List<Integer> rates, List<double[]> percentiles, String[] names) throws IOException {
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

    /** Per-second counts over the whole run: {@code series[i]} named {@code names[i]}. */
    static void throughput(Path file, double[] seconds, List<double[]> series, String[] names) throws IOException {
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
