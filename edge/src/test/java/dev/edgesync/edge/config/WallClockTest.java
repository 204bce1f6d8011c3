package dev.edgesync.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.PlainHttpCacheProfile;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The edge reads the time from the injected {@link InstantSource}: moving it moves what is fresh, without waiting. */
@QuarkusTest
@TestProfile(WallClockTest.MovableClock.class)
class WallClockTest extends EdgeTestSupport {

    public static class MovableClock extends PlainHttpCacheProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(AheadClock.class);
        }
    }

    /** The system clock, plus an offset the test sets. */
    @Alternative
    @Singleton
    public static class AheadClock implements InstantSource {
        volatile long aheadMs;

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + aheadMs;
        }
    }

    @Inject
    AheadClock clock;

    @Test
    void aCopyStopsAnsweringAsAHitOnceTheEdgeClockPassesItsMaxAge() {
        String p = path("clock/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1).cacheControl("public, max-age=60");
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        clock.aheadMs = 61_000;
        try {
            assertNotEquals("HIT", get(p).getHeader("X-Cache"), "61 s later by the edge's clock the copy is stale");
            assertEquals(2, route.requests.get(), "the origin is asked again");
        } finally {
            clock.aheadMs = 0;
        }
    }
}
