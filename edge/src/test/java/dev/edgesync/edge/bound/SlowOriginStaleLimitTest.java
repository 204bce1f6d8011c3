package dev.edgesync.edge.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.PurgeMode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A lazy region with a slow origin (issue 10, {@code slow-origin}): after a content update is applied, the old copy
 * is answered {@code STALE} while the one revalidation runs, but never more than 2 s after the update was applied;
 * later requests wait for the revalidation instead.
 */
@QuarkusTest
@TestProfile(SlowOriginStaleLimitTest.PatientOrigin.class)
class SlowOriginStaleLimitTest extends EdgeTestSupport {
    private static final long ORIGIN_DELAY_MS = 3_500;

    /** The origin may take longer than the default 2 s timeout: it is slow, not unreachable. */
    public static class PatientOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edgesync.origin.timeout", "8s", "edgesync.cache.fill-lease", "10s",
                    "edgesync.cache.fill-max-wait", "10s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EdgeTestResources.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private record Read(long sinceAppliedMs, String xCache, long version) {
    }

    @Test
    void staleAnswersStopTwoSecondsAfterTheNewerVersionWasApplied() {
        region("lazy", 100);
        String p = path("slow-origin/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals(1, version(get(p)));

        route.version(2).delay(ORIGIN_DELAY_MS);
        InvalidationAck ack = apply(updated(p, List.of(), 2, PurgeMode.DEFAULT));
        long applied = ack.appliedAt();
        List<Read> reads = new ArrayList<>();
        while (System.currentTimeMillis() - applied < ORIGIN_DELAY_MS + 1_000) {
            long start = System.currentTimeMillis();
            Response r = get(p);
            assertEquals(200, r.statusCode());
            reads.add(new Read(start - applied, r.getHeader("X-Cache"), version(r)));
            sleep(50);
        }
        assertTrue(reads.stream().anyMatch(r -> r.version() == 1 && "STALE".equals(r.xCache())),
                "the lazy region answered the old copy STALE at first: " + reads);
        for (Read r : reads) {
            if (r.version() < 2) {
                assertEquals("STALE", r.xCache(), "an old copy is marked: " + r);
                assertTrue(r.sinceAppliedMs() < 2_000, "STALE more than 2 s after v2 was applied: " + r
                        + " in " + reads);
            }
        }
        assertEquals(2, reads.get(reads.size() - 1).version(), "the region ends on v2: " + reads);
    }
}
