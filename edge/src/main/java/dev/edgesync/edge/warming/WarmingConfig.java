package dev.edgesync.edge.warming;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Cache warming after invalidations, under {@code edgesync.warming.}. */
@ConfigMapping(prefix = "edgesync.warming")
public interface WarmingConfig {

    /** Whether this edge re-fetches its hottest invalidated keys ({@code EDGESYNC_WARMING_ENABLED}), default false. */
    @WithDefault("false")
    boolean enabled();

    /** Most keys re-fetched after one invalidation, the most read first, default 10. */
    @WithDefault("10")
    int top();

    /** Most warm-up fetches per second from this edge process (each may reach the origin), default 20. */
    @WithDefault("20")
    double maxRate();

    /** Most keys whose reads are counted, default 10000. */
    @WithDefault("10000")
    int trackedKeys();
}
