package dev.edgesync.lab.demo;

import java.util.List;

/**
 * The consistency timeline of one update: times are ms since the update request started.
 * {@code firstStaleMs}: first old version marked STALE; {@code firstNewMs}: first fresh read of the
 * new version; {@code beforeDelay}: what a read that ended before the region's delay had passed
 * showed of the update (the new version, or STALE), null when none did: the region was warm, so it
 * must not happen.
 */
public record DemoResult(String item, long oldVersion, long newVersion, long updateStartedAt, long updateMs,
        List<RegionTimeline> regions, String svg) {

    public record Sample(long atMs, int status, long version, String xCache) {
    }

    public record RegionTimeline(String region, String strategy, long delayMs, Long firstStaleMs, Long firstNewMs,
            String beforeDelay, boolean converged, List<Sample> samples) {

        /** The region served the new version, or marked the old one STALE, before its delay had passed. */
        public boolean early() {
            return beforeDelay != null;
        }
    }

    public boolean ok() {
        return regions.stream().allMatch(r -> r.converged() && r.beforeDelay() == null);
    }
}
