package dev.customactions.console.ops;

/** How much a cumulative counter grew between two reads. */
public final class Counters {

    private Counters() {}

    /**
     * The increase from {@code previous} (null: the series did not exist at the previous read, so it
     * started from zero since) to {@code current}. A decrease means the service restarted and the
     * counter started again from zero: the increase is then the current value. Never negative; 0 for
     * a value that is not a number.
     */
    public static double increase(Double previous, double current) {
        if (Double.isNaN(current) || Double.isInfinite(current) || current < 0) {
            return 0;
        }
        if (previous == null || Double.isNaN(previous) || current < previous) {
            return current;
        }
        return current - previous;
    }

    /** {@code count} events over {@code millis} milliseconds as a rate per minute; null when no time was observed. */
    public static Double perMinute(double count, long millis) {
        return millis <= 0 ? null : count * 60_000d / millis;
    }
}
