package dev.edgesync.edge.warming;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The JIT warm-up before a replica reports ready ({@link JitWarmup}), under {@code edgesync.jit-warmup.}. */
@ConfigMapping(prefix = "edgesync.jit-warmup")
public interface JitWarmupConfig {

    /**
     * Requests this edge sends through its own read path before it reports ready
     * ({@code EDGESYNC_JIT_WARMUP_REQUESTS}); 0, the default, warms nothing and is ready at once.
     */
    @WithDefault("0")
    int requests();

    /**
     * Past its requests, go on in rounds of as many while the JIT still compiles more than 5 % of the time (default
     * true); false stops at the requests.
     */
    @WithDefault("true")
    boolean untilQuiet();

    /** Of them in flight at once, default 32. */
    @WithDefault("32")
    int connections();

    /** Whatever is left after this long is skipped and the edge reports ready anyway, default 3m. */
    @WithDefault("3m")
    Duration maxTime();
}
