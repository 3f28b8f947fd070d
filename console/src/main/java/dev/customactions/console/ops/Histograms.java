package dev.customactions.console.ops;

import java.util.Map;
import java.util.NavigableMap;

/** Percentiles estimated from the counts of a Prometheus histogram's buckets, as {@code histogram_quantile} does. */
public final class Histograms {

    private Histograms() {}

    /**
     * The {@code q} quantile (0 < q < 1) of the observations counted in {@code buckets}: upper bound
     * ({@code le}, {@code +Inf} for the last) → how many observations were at most that bound
     * (cumulative, as the {@code _bucket} series are; the increases of the series over a window are
     * too). The answer is interpolated linearly within the bucket holding the rank, from the bucket
     * below's bound (0 for the first bucket); when the rank falls in the {@code +Inf} bucket the
     * highest finite bound is the answer. Null when nothing was counted.
     */
    public static Double quantile(double q, NavigableMap<Double, Double> buckets) {
        if (buckets.isEmpty() || Double.isNaN(q)) {
            return null;
        }
        double total = 0;
        for (double count : buckets.values()) {
            total = Math.max(total, count);
        }
        if (total <= 0) {
            return null;
        }
        double rank = Math.max(0, Math.min(1, q)) * total;
        double lowerBound = 0;
        double below = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            double bound = bucket.getKey();
            // Counts that are not monotonic (a series that restarted between two samples) are read as the running
            // highest.
            double count = Math.max(below, bucket.getValue());
            if (count >= rank && count > below) {
                if (Double.isInfinite(bound)) {
                    return lowerBound;
                }
                double lower = Math.min(lowerBound, bound);
                return lower + (bound - lower) * (rank - below) / (count - below);
            }
            if (!Double.isInfinite(bound)) {
                lowerBound = bound;
            }
            below = count;
        }
        return lowerBound;
    }
}
