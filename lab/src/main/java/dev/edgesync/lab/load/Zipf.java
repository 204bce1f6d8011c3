package dev.edgesync.lab.load;

import java.util.SplittableRandom;

/** Zipf-distributed ranks 0..n-1 (rank 0 the most popular): P(k) proportional to 1 / (k+1)^s. */
public final class Zipf {
    private final double[] cdf;

    public Zipf(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one item");
        }
        if (exponent < 0 || exponent > 5) {
            throw new IllegalArgumentException("Zipf exponent must be within 0..5, was " + exponent);
        }
        cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        cdf[n - 1] = 1.0;
    }

    public int size() {
        return cdf.length;
    }

    public double probability(int rank) {
        return rank == 0 ? cdf[0] : cdf[rank] - cdf[rank - 1];
    }

    public int sample(SplittableRandom random) {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** {@code count} samples from a generator seeded with {@code seed}: the same seed, the same sequence. */
    public int[] sequence(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = sample(random);
        }
        return out;
    }
}
