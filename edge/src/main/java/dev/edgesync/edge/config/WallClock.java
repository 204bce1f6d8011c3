package dev.edgesync.edge.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/**
 * The wall clock the edge's beans read the time from (the pure policies take that time as {@code now}); a test or a
 * simulation replaces this one bean to control it. Durations stay on {@link System#nanoTime()}.
 */
public class WallClock {

    @Produces
    @Singleton
    InstantSource wallClock() {
        return InstantSource.system();
    }
}
