package dev.edgesync.origin.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The live console ({@code /console/}) served by the origin, under {@code edgesync.console.}. */
@ConfigMapping(prefix = "edgesync.console")
public interface ConsoleConfig {

    /**
     * Each region's edge URL as {@code region=url,region=url} ({@code EDGESYNC_CONSOLE_EDGES}); no default. The console
     * reads their {@code /metrics/summary}, reads changed items through them and forwards strategy/delay changes.
     * Without it the console shows acknowledgements only.
     */
    Optional<String> edges();

    /** Most writes and purges the timeline holds (oldest dropped first), default 100. */
    @WithDefault("100")
    int timelineSize();

    /** How long a change is watched for acknowledgements and reads before it is shown not converged, default 60s. */
    @WithDefault("60s")
    Duration watch();

    /** How often acknowledgements are collected and changed items read through each region, default 100ms. */
    @WithDefault("100ms")
    Duration tick();

    /** How often each region's summary is read and pushed, default 1s. */
    @WithDefault("1s")
    Duration regionsInterval();

    /**
     * Where the lab writes its runs ({@code EDGESYNC_CONSOLE_RUNS_DIR}; {@code ./edgesync up} sets the clone's
     * {@code .edgesync/runs}), default {@code .edgesync/runs} under the working directory. Missing: no runs listed.
     */
    @WithDefault(".edgesync/runs")
    String runsDir();

    /** How many of the lab's last runs the console lists, default 5. */
    @WithDefault("5")
    int runsShown();

    /** Most events one browser may be behind before its stream is closed (it reconnects for a fresh state), default 256. */
    @WithDefault("256")
    int clientBuffer();
}
