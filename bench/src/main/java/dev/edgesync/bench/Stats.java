package dev.edgesync.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of samples (nearest-rank on the sorted values). */
final class Stats {
    private final long[] sorted;

    private Stats(long[] sorted) {
        this.sorted = sorted;
    }

    static Stats of(long[] values, int count) {
        long[] copy = Arrays.copyOf(values, count);
        Arrays.sort(copy);
        return new Stats(copy);
    }

    static Stats of(java.util.Collection<Long> values) {
        long[] copy = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(copy);
        return new Stats(copy);
    }

    int count() {
        return sorted.length;
    }

    /** Nearest rank: the smallest value with at least p % of the samples at or below it; 0 when empty. */
    long percentile(double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }


    /** Microseconds as milliseconds with two decimals. */
    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
