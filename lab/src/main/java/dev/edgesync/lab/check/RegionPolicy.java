package dev.edgesync.lab.check;

import dev.edgesync.events.Strategy;

/** What a region promised during a run: its strategy and its propagation delay. */
public record RegionPolicy(Strategy strategy, long delayMs) {
    public RegionPolicy {
        if (strategy == null || delayMs < 0) {
            throw new IllegalArgumentException("strategy and a non-negative delay are required");
        }
    }
}
