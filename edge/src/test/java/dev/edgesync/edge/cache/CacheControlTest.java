package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CacheControlTest {

    @Test
    void parsesTheOriginDefault() {
        CacheControl cc = CacheControl.parse("public, s-maxage=3600, stale-while-revalidate=60");
        assertTrue(cc.isPublic());
        assertEquals(OptionalLong.of(3600), cc.sMaxAge());
        assertEquals(OptionalLong.of(60), cc.staleWhileRevalidate());
        assertEquals(OptionalLong.of(3600), cc.sharedMaxAge());
        assertFalse(cc.noStore());
    }

    @Test
    void sMaxAgeWinsOverMaxAgeForASharedCache() {
        assertEquals(OptionalLong.of(10), CacheControl.parse("max-age=99, s-maxage=10").sharedMaxAge());
        assertEquals(OptionalLong.of(99), CacheControl.parse("max-age=99").sharedMaxAge());
    }

    @Test
    void isCaseInsensitiveAndToleratesSpacesAndQuotes() {
        CacheControl cc = CacheControl.parse("  Max-Age = \"30\" ,NO-CACHE,  Private=\"set-cookie, x\"");
        assertEquals(OptionalLong.of(30), cc.maxAge());
        assertTrue(cc.noCache());
        assertTrue(cc.isPrivate());
    }

    @Test
    void ignoresBadNumbersAndUnknownDirectives() {
        CacheControl cc = CacheControl.parse("max-age=abc, s-maxage=-5, immutable, foo=bar");
        assertTrue(cc.sharedMaxAge().isEmpty());
    }

    @Test
    void firstOccurrenceWins() {
        assertEquals(OptionalLong.of(5), CacheControl.parse("max-age=5, max-age=50").maxAge());
    }

    @Test
    void hugeNumbersAreClampedNotRejected() {
        assertEquals(OptionalLong.of(Integer.MAX_VALUE),
                CacheControl.parse("max-age=99999999999999999999999").maxAge());
    }

    @Test
    void emptyAndNullHeadersHaveNoDirectives() {
        assertEquals(CacheControl.NONE, CacheControl.parse(null));
        assertEquals(CacheControl.NONE, CacheControl.parse(" "));
        assertEquals(CacheControl.NONE, CacheControl.parse(",,"));
    }

    @Test
    void noStoreIsRecognised() {
        assertTrue(CacheControl.parse("no-store").noStore());
    }
}
