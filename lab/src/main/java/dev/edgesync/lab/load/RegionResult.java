package dev.edgesync.lab.load;

/**
 * One region's result of a workload, from the client side (the lab's own reads; probes excluded),
 * except {@code originFetches}, the edge's own count over the run (-1 when the edge did not say).
 * Latencies in ms. Hit ratio counts HIT, STALE and REVALIDATED as served from the cache, as the
 * edges do. Staleness windows: ms from a write's commit until the region first served it fresh.
 */
public record RegionResult(String region, String strategy, long delayMs, long requests, long errors, long hits,
        long misses, long stale, long revalidated, long bypass, double hitRatio, double p50, double p95, double p99,
        double maxLatency, long originFetches, int updates, int updatesObserved, long medianWindowMs,
        long worstWindowMs) {
}
