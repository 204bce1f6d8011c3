package dev.edgesync.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.check.RegionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTimelineTest {
    private static DemoResult.Sample s(long at, long version, String xCache) {
        return new DemoResult.Sample(at, 200, version, xCache);
    }

    @Test
    void lazyRegionFirstStaleThenNew() {
        DemoResult.RegionTimeline t = DemoRunner.timeline("eu-west", new RegionPolicy(Strategy.LAZY, 300),
                List.of(s(10, 1, "HIT"), s(310, 1, "STALE"), s(322, 2, "HIT"), s(334, 2, "HIT")), 2);
        assertEquals(310L, t.firstStaleMs());
        assertEquals(322L, t.firstNewMs());
        assertFalse(t.early());
        assertTrue(t.converged());
    }

    @Test
    void newVersionBeforeTheDelayIsFlagged() {
        DemoResult.RegionTimeline t = DemoRunner.timeline("us-east", new RegionPolicy(Strategy.EAGER, 100),
                List.of(s(50, 2, "MISS"), s(60, 2, "HIT")), 2);
        assertTrue(t.early());
        assertEquals("v2 at 50ms", t.beforeDelay());
        assertNull(t.firstStaleMs());
    }

    @Test
    void staleBeforeTheDelayIsFlaggedToo() {
        DemoResult.RegionTimeline t = DemoRunner.timeline("eu-west", new RegionPolicy(Strategy.LAZY, 300),
                List.of(s(10, 1, "HIT"), s(220, 1, "STALE"), s(320, 2, "HIT"), s(330, 2, "HIT")), 2);
        assertEquals("STALE at 220ms", t.beforeDelay());
        assertTrue(t.converged());
        assertFalse(new DemoResult("1", 1, 2, 0, 3, List.of(t), null).ok());
    }

    @Test
    void notConvergedWithoutTwoFreshReadsInARow() {
        DemoResult.RegionTimeline t = DemoRunner.timeline("ap-south", new RegionPolicy(Strategy.LAZY, 600),
                List.of(s(10, 1, "HIT"), s(700, 2, "HIT"), new DemoResult.Sample(710, 503, -1, null)), 2);
        assertFalse(t.converged());
        DemoResult result = new DemoResult("1", 1, 2, 0, 3, List.of(t), null);
        assertFalse(result.ok());
        String svg = DemoRunner.svg(result);
        assertTrue(svg.startsWith("<svg") && svg.contains("ap-south (lazy)") && svg.contains("delay 600 ms"), svg);
    }
}
