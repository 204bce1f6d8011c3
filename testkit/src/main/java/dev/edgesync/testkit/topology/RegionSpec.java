package dev.edgesync.testkit.topology;

import dev.edgesync.events.Strategy;

/** One region of a topology: its name, simulated propagation delay and invalidation strategy. */
public record RegionSpec(String name, long delayMs, Strategy strategy) {
    public RegionSpec {
        if (name == null || !name.matches("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?")) {
            throw new IllegalArgumentException("region name must be a DNS label: " + name);
        }
        if (delayMs < 0 || delayMs > 600_000) {
            throw new IllegalArgumentException("region " + name + ": delay must be 0..600000 ms, was " + delayMs);
        }
        if (strategy == null) {
            throw new IllegalArgumentException("region " + name + " has no strategy");
        }
    }
}
