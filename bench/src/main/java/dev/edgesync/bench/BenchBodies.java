package dev.edgesync.bench;

import java.util.SplittableRandom;

/** Bodies of the origin's files: printable bytes from a seed, so each object differs and nothing compresses it away. */
final class BenchBodies {
    private BenchBodies() {
    }

    static byte[] bytes(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + random.nextInt(26));
        }
        return b;
    }
}
