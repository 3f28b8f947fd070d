package dev.customactions.console.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HistogramsTest {

    private static NavigableMap<Double, Double> buckets(double... boundsAndCounts) {
        var buckets = new TreeMap<Double, Double>();
        for (int i = 0; i < boundsAndCounts.length; i += 2) {
            buckets.put(boundsAndCounts[i], boundsAndCounts[i + 1]);
        }
        return buckets;
    }

    @Test
    void interpolatesWithinTheBucketHoldingTheRank() {
        // 10 runs: 2 at most 0.1 s, 8 at most 0.5 s (6 between), 10 at most 1 s.
        var runs = buckets(0.1, 2, 0.5, 8, 1.0, 10, Double.POSITIVE_INFINITY, 10);
        // p50: rank 5, in (0.1, 0.5] holding ranks 2..8: 0.1 + 0.4 * 3/6.
        assertEquals(0.3, Histograms.quantile(0.5, runs), 1e-9);
        // p95: rank 9.5 in (0.5, 1]: 0.5 + 0.5 * 1.5/2.
        assertEquals(0.875, Histograms.quantile(0.95, runs), 1e-9);
    }

    @Test
    void theFirstBucketStartsAtZero() {
        assertEquals(0.05, Histograms.quantile(0.5, buckets(0.1, 4, Double.POSITIVE_INFINITY, 4)), 1e-9);
    }

    @Test
    void aRankInTheInfiniteBucketIsTheHighestFiniteBound() {
        assertEquals(30.0, Histograms.quantile(0.95, buckets(1, 1, 30, 2, Double.POSITIVE_INFINITY, 10)), 1e-9);
    }

    @Test
    void emptyBucketsBetweenAreSkipped() {
        // Nothing in (0.1, 0.2]: rank 1.5 falls in (0.2, 0.4], which holds ranks 1..3.
        assertEquals(
                0.25, Histograms.quantile(0.5, buckets(0.1, 1, 0.2, 1, 0.4, 3, Double.POSITIVE_INFINITY, 3)), 1e-9);
    }

    @Test
    void nothingCountedHasNoPercentile() {
        assertNull(Histograms.quantile(0.5, buckets()));
        assertNull(Histograms.quantile(0.5, buckets(0.1, 0, Double.POSITIVE_INFINITY, 0)));
    }

    @Test
    void countersAndRates() {
        assertEquals(5, Counters.increase(10.0, 15));
        assertEquals(3, Counters.increase(10.0, 3), "a decrease is a restart: counted from zero");
        assertEquals(4, Counters.increase(null, 4), "a new series started from zero");
        assertEquals(0, Counters.increase(4.0, Double.NaN));
        assertEquals(12.0, Counters.perMinute(2, 10_000));
        assertNull(Counters.perMinute(2, 0));
    }
}
