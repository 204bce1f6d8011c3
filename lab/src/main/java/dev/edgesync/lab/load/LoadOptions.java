package dev.edgesync.lab.load;

import java.time.Duration;

/**
 * A workload: Zipf reads over {@code items} items from {@code clientsPerRegion} simulated clients in
 * every region at {@code ratePerRegion} reads/s, until {@code requestsPerRegion} reads per region
 * (0: no count) or {@code durationMs}, plus one write every {@code 1/writeRate} s. All bounded.
 */
public record LoadOptions(int items, double zipfExponent, int clientsPerRegion, double ratePerRegion,
        int requestsPerRegion, long durationMs, double writeRate, long seed, int probeIntervalMs) {

    public static final double MAX_TOTAL_RATE = 2000;
    public static final Duration MAX_DURATION = Duration.ofMinutes(10);
    public static final double MAX_WRITE_RATE = 20;

    /** Throws {@link IllegalArgumentException} naming the option when a value is out of bounds. */
    public LoadOptions validated(int regions) {
        require(items >= 1 && items <= 10_000, "--items must be within 1..10000, was " + items);
        require(zipfExponent >= 0 && zipfExponent <= 5, "--zipf must be within 0..5, was " + zipfExponent);
        require(clientsPerRegion >= 1 && clientsPerRegion <= 64, "--clients must be within 1..64, was " + clientsPerRegion);
        require(ratePerRegion > 0 && ratePerRegion * regions <= MAX_TOTAL_RATE, "--rate is per region; rate x "
                + regions + " regions must be within (0, " + (int) MAX_TOTAL_RATE + "] req/s, was " + ratePerRegion);
        require(requestsPerRegion >= 0, "--requests-per-region must not be negative");
        require(durationMs > 0 && durationMs <= MAX_DURATION.toMillis(),
                "--duration must be within (0, PT10M], was " + Duration.ofMillis(durationMs));
        require(writeRate >= 0 && writeRate <= MAX_WRITE_RATE, "--write-rate must be within 0..20 writes/s, was " + writeRate);
        require(probeIntervalMs >= 5 && probeIntervalMs <= 1000, "probe interval must be within 5..1000 ms");
        require(requestsPerRegion == 0 || requestsPerRegion <= ratePerRegion * MAX_DURATION.toSeconds(),
                "--requests-per-region " + requestsPerRegion + " at " + ratePerRegion
                        + " req/s would take longer than 10 minutes; raise --rate");
        return this;
    }

    /** Reads per region this workload issues. */
    public int readsPerRegion() {
        long byTime = (long) Math.floor(ratePerRegion * durationMs / 1000.0);
        return (int) (requestsPerRegion > 0 ? Math.min(requestsPerRegion, Math.max(1, byTime)) : Math.max(1, byTime));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
