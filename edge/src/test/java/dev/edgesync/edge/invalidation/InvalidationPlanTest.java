package dev.edgesync.edge.invalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import dev.edgesync.events.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidationPlanTest {

    private static InvalidationEvent update(PurgeMode mode) {
        return new InvalidationEvent(1, "e1", EventKind.CONTENT_UPDATED, List.of("/api/content/9"),
                List.of("content-9", "content-list"), List.of(), 4, mode, 1000, Priority.NORMAL);
    }

    @Test
    void defaultModeInAnEagerRegionRemovesOlderVersionsOnly() {
        InvalidationPlan plan = InvalidationPlan.of(update(PurgeMode.DEFAULT), Strategy.EAGER);
        assertTrue(plan.removes());
        // The key goes by version (mv:h), never by generation, so a copy as new as the event survives it.
        assertEquals(List.of("tag:content-9", "tag:content-list"), plan.tokens());
        assertEquals(List.of("/api/content/9"), plan.versionedKeys());
        assertEquals(List.of(), plan.deletedKeys());
        assertEquals(4, plan.version());
        assertEquals("hard", plan.appliedMode());
    }

    @Test
    void defaultModeInALazyRegionMarksStale() {
        InvalidationPlan plan = InvalidationPlan.of(update(PurgeMode.DEFAULT), Strategy.LAZY);
        assertFalse(plan.removes());
        assertEquals(List.of("tag:content-9", "tag:content-list"), plan.tokens());
        assertEquals(List.of("/api/content/9"), plan.versionedKeys());
        assertEquals(List.of(), plan.deletedKeys());
        assertEquals("soft", plan.appliedMode());
    }

    @Test
    void hardRemovesInALazyRegionAndSoftMarksStaleInAnEagerOne() {
        assertTrue(InvalidationPlan.of(update(PurgeMode.HARD), Strategy.LAZY).removes());
        assertFalse(InvalidationPlan.of(update(PurgeMode.SOFT), Strategy.EAGER).removes());
    }

    @Test
    void keyPurgeWithoutVersionRemovesTheKeyWhateverItsVersion() {
        InvalidationEvent purge = InvalidationEvent.purge("p2", List.of("/api/content/9"), List.of(), List.of(),
                PurgeMode.DEFAULT, Priority.CRITICAL, 1000);
        InvalidationPlan eager = InvalidationPlan.of(purge, Strategy.EAGER);
        assertEquals(List.of("key:/api/content/9"), eager.tokens());
        assertEquals(List.of("/api/content/9"), eager.deletedKeys());
        InvalidationPlan lazy = InvalidationPlan.of(purge, Strategy.LAZY);
        assertEquals(List.of("key:/api/content/9"), lazy.tokens());
        assertEquals(List.of(), lazy.deletedKeys());
    }

    @Test
    void purgeWithoutVersionTouchesOnlyGenerationsAndIsConstantInCachedObjects() {
        InvalidationEvent purge = InvalidationEvent.purge("p1", List.of(), List.of("tech"), List.of("/api/content/"),
                PurgeMode.DEFAULT, Priority.HIGH, 1000);
        InvalidationPlan plan = InvalidationPlan.of(purge, Strategy.EAGER);
        assertEquals(List.of("tag:tech", "prefix:/api/content/", "prefix:/api/content"),
                plan.tokens());
        assertEquals(List.of(), plan.versionedKeys());
        assertEquals(List.of(), plan.deletedKeys());
    }

    /** Whether applying a purge of {@code prefixes} bumps a generation an entry stored under {@code key} depends on. */
    private static boolean prefixPurgeReaches(String prefix, String key) {
        InvalidationEvent purge = InvalidationEvent.purge("p", List.of(), List.of(), List.of(prefix),
                PurgeMode.HARD, Priority.NORMAL, 1000);
        List<String> bumped = InvalidationPlan.of(purge, Strategy.EAGER).tokens();
        return CacheKey.tokens(key, List.of()).stream().anyMatch(t -> bumped.contains(t));
    }

    @Test
    void prefixPurgeEndsAtASegmentBoundaryAndCoversThePathItself() {
        for (String key : List.of("/api/content/6", "/api/content/6?page=2", "/api/content/6/", "/api/content/6/a",
                "/api/content/6/a/b?x=1")) {
            assertTrue(prefixPurgeReaches("/api/content/6/", key), key);
        }
        for (String key : List.of("/api/content/60", "/api/content/60/a", "/api/content/6x", "/api/content",
                "/api/content/", "/api/content/7")) {
            assertFalse(prefixPurgeReaches("/api/content/6/", key), key);
        }
        assertTrue(prefixPurgeReaches("/", "/anything/at/all?q"), "/ covers everything");
    }
}
