package dev.edgesync.lab.client;

import com.fasterxml.jackson.databind.JsonNode;

/** The fields of an edge's {@code GET /metrics/summary} the lab uses; latencies in ms. */
public record EdgeSummary(String region, String strategy, long delayMs, long requests, long hits, long misses,
        long staleHits, double hitRatio, double p50, double p95, double p99, long originFetches,
        long invalidationsApplied) {

    public static EdgeSummary of(JsonNode j) {
        return new EdgeSummary(j.path("region").asText(null), j.path("strategy").asText(null),
                j.path("delayMs").asLong(-1), j.path("requests").asLong(), j.path("hits").asLong(),
                j.path("misses").asLong(), j.path("staleHits").asLong(), j.path("hitRatio").asDouble(),
                j.path("p50").asDouble(), j.path("p95").asDouble(), j.path("p99").asDouble(),
                j.path("originFetches").asLong(), j.path("invalidationsApplied").asLong());
    }
}
