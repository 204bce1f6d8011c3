package dev.edgesync.edge.cache;

import java.nio.charset.StandardCharsets;

/**
 * A measurement, not a test: bytes saved and CPU time of compressing one stored copy ({@link Compressor}, what a fill
 * pays once per coding), and the per-hit cost a compressible copy adds (its {@code Vary: Accept-Encoding} variant id).
 * Run after {@code ./mvnw -o -q -pl edge -am verify -DskipTests}:
 * {@code java -cp "edge/target/test-classes:edge/target/classes:edge/target/quarkus-app/lib/main/*" dev.edgesync.edge.cache.CompressionCost}
 */
public final class CompressionCost {
    public static void main(String[] args) {
        System.out.println("codings available: " + Compressor.available());
        for (int kib : new int[] {1, 16, 64}) {
            byte[] body = catalogue(kib * 1024).getBytes(StandardCharsets.UTF_8);
            int n = Math.max(50, 20_000 / kib);
            for (String coding : new String[] {ContentCoding.GZIP, ContentCoding.BR}) {
                if (!Compressor.available().contains(coding)) {
                    continue;
                }
                int size = 0;
                long elapsed = 0;
                for (int round = 0; round < 2; round++) { // the first round warms up
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        size = Compressor.encode(coding, body).length;
                    }
                    elapsed = System.nanoTime() - t0;
                }
                double us = elapsed / 1e3 / n;
                System.out.printf("%2d KiB JSON (%6d B) %-4s %6d B  %4.1f%% saved  %8.1f us per copy  %6.1f MB/s%n", kib,
                        body.length, coding, size, 100.0 * (body.length - size) / body.length, us, body.length / us);
            }
        }
        java.util.List<String> vary = java.util.List.of("accept-encoding");
        java.util.function.Function<String, String> request = name -> "gzip, deflate, br";
        long sink = 0;
        long elapsed = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 1_000_000; i++) {
                sink += VaryKey.variant(vary, request).length();
            }
            elapsed = System.nanoTime() - t0;
        }
        System.out.printf("per hit of a compressible copy: variant id %.2f us (%d)%n", elapsed / 1e3 / 1_000_000, sink % 7);
    }

    /** A content list like the origin's, about {@code bytes} long. */
    static String catalogue(int bytes) {
        StringBuilder b = new StringBuilder("{\"items\":[");
        for (int i = 0; b.length() < bytes - 120; i++) {
            b.append("{\"id\":").append(i).append(",\"title\":\"Item ").append(i).append("\",\"body\":\"content version ")
                    .append(i * 7 % 13).append(" of the catalogue\",\"tags\":[\"t").append(i % 17).append("\"]},");
        }
        return b.append("{}]}").toString();
    }
}
