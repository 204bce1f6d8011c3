package dev.edgesync.edge.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A resettable, lock-free latency histogram for the human summary: log-spaced buckets (about 5% wide) from 10 µs
 * to ~100 s. A percentile is reported as the upper bound of the bucket it falls in.
 */
public final class LatencyHistogram {
    private static final double MIN_MS = 0.01;
    private static final double GROWTH = 1.05;
    private static final int BUCKETS = 340;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(double millis) {
        counts.incrementAndGet(bucketOf(millis));
    }

    public long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The {@code p}-th percentile (0 &lt; p &le; 100) in milliseconds, 0 when nothing was recorded. */
    public double percentile(double p) {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= Math.max(rank, 1)) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }

    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }

    static int bucketOf(double millis) {
        if (!(millis > MIN_MS)) {
            return 0;
        }
        int bucket = (int) Math.ceil(Math.log(millis / MIN_MS) / Math.log(GROWTH));
        return Math.min(bucket, BUCKETS - 1);
    }

    static double upperBound(int bucket) {
        return MIN_MS * Math.pow(GROWTH, bucket);
    }
}
