package dev.edgesync.edge.cache;

import static dev.edgesync.edge.cache.EntryValidity.Validity;
import static dev.edgesync.edge.cache.ReusePolicy.Reuse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReusePolicyTest {
    private static final long T0 = 1_000_000;

    /** An entry received at T0 with age 0 and the given Cache-Control. */
    private static CacheEntry entry(String cc) {
        return EntryFactory.fromOrigin("/x", 200, Map.of("cache-control", cc, "etag", "\"1\""), new byte[0],
                Duration.ofHours(1), T0).orElseThrow();
    }

    private static Reuse decide(String responseCc, String requestCc, long now) {
        CacheEntry e = entry(responseCc);
        return ReusePolicy.decide(EntryValidity.judge(e, new TokenState(Map.of(), Map.of(), 0, 0), now), e,
                CacheControl.parse(requestCc), now);
    }

    @Test
    void freshThenStaleWhileRevalidateThenValidate() {
        assertEquals(Reuse.SERVE_FRESH, decide("max-age=10, stale-while-revalidate=10", null, T0 + 9_999));
        assertEquals(Reuse.SERVE_STALE, decide("max-age=10, stale-while-revalidate=10", null, T0 + 10_000));
        assertEquals(Reuse.VALIDATE, decide("max-age=10, stale-while-revalidate=10", null, T0 + 20_000));
    }

    @Test
    void responseNoCacheAlwaysValidates() {
        assertEquals(Reuse.VALIDATE, decide("no-cache, max-age=60", null, T0 + 1));
        assertEquals(Reuse.SERVE_FRESH, decide("no-cache=\"x-a\", max-age=60", null, T0 + 1));
    }

    @Test
    void requestNoCacheValidates() {
        assertEquals(Reuse.VALIDATE, decide("max-age=60", "no-cache", T0 + 1));
    }

    @Test
    void requestMaxAge() {
        assertEquals(Reuse.SERVE_FRESH, decide("max-age=60", "max-age=30", T0 + 29_000));
        assertEquals(Reuse.VALIDATE, decide("max-age=60", "max-age=30", T0 + 31_000));
        assertEquals(Reuse.VALIDATE, decide("max-age=60", "max-age=0", T0));
    }

    @Test
    void immutableIgnoresAReloadWhileFresh() {
        assertEquals(Reuse.SERVE_FRESH, decide("max-age=60, immutable", "max-age=0", T0 + 1_000));
        assertEquals(Reuse.VALIDATE, decide("max-age=60, immutable", "no-cache", T0 + 1_000));
    }

    @Test
    void requestMinFresh() {
        assertEquals(Reuse.SERVE_FRESH, decide("max-age=60", "min-fresh=10", T0 + 49_000));
        assertEquals(Reuse.VALIDATE, decide("max-age=60", "min-fresh=10", T0 + 51_000));
    }

    @Test
    void requestMaxStaleServesExpiredCopies() {
        assertEquals(Reuse.SERVE_STALE, decide("max-age=10", "max-stale=5", T0 + 14_000));
        assertEquals(Reuse.VALIDATE, decide("max-age=10", "max-stale=5", T0 + 16_000));
        assertEquals(Reuse.SERVE_STALE, decide("max-age=10", "max-stale", T0 + 1_000_000));
        assertEquals(Reuse.VALIDATE, decide("max-age=10", null, T0 + 11_000));
    }

    @Test
    void mustRevalidateForbidsEveryStaleUse() {
        assertEquals(Reuse.VALIDATE, decide("max-age=10, must-revalidate, stale-while-revalidate=60", null,
                T0 + 11_000));
        assertEquals(Reuse.VALIDATE, decide("max-age=10, proxy-revalidate", "max-stale", T0 + 11_000));
        assertEquals(Reuse.VALIDATE, decide("s-maxage=10", "max-stale", T0 + 11_000));
    }

    @Test
    void softInvalidationServesStaleEvenWhenHttpFresh() {
        CacheEntry e = entry("max-age=60, must-revalidate");
        TokenState soft = new TokenState(Map.of(), Map.of("key:/x", 5L), 0, 0);
        Validity v = EntryValidity.judge(e, soft, T0 + 1000);
        assertEquals(Validity.STALE, v);
        assertEquals(Reuse.SERVE_STALE, ReusePolicy.decide(v, e, CacheControl.NONE, T0 + 1000));
    }

    @Test
    void staleIfErrorWindows() {
        CacheEntry e = entry("max-age=10, stale-if-error=20");
        assertTrue(ReusePolicy.staleIfError(e, CacheControl.NONE, T0 + 29_000));
        assertFalse(ReusePolicy.staleIfError(e, CacheControl.NONE, T0 + 31_000));
        assertTrue(ReusePolicy.staleIfError(e, CacheControl.parse("stale-if-error=100"), T0 + 31_000));
        CacheEntry none = entry("max-age=10");
        assertFalse(ReusePolicy.staleIfError(none, CacheControl.NONE, T0 + 11_000));
        assertTrue(ReusePolicy.staleIfError(none, CacheControl.parse("stale-if-error=5"), T0 + 14_000));
        CacheEntry strict = entry("max-age=10, stale-if-error=20, must-revalidate");
        assertFalse(ReusePolicy.staleIfError(strict, CacheControl.parse("stale-if-error=100"), T0 + 11_000));
    }

    @Test
    void neverFreshAfterTheLifetimeWhateverTheRequest() {
        Random random = new Random(7);
        String[] requests = {null, "max-age=5", "min-fresh=3", "no-cache", "max-stale=0", "only-if-cached"};
        for (int i = 0; i < 2_000; i++) {
            long maxAge = random.nextInt(100);
            long now = T0 + random.nextInt(200_000);
            String request = requests[random.nextInt(requests.length)];
            Reuse reuse = decide("max-age=" + maxAge, request, now);
            if (now >= T0 + maxAge * 1000) {
                assertFalse(reuse == Reuse.SERVE_FRESH, "max-age=" + maxAge + " at +" + (now - T0) + " " + request);
            }
        }
    }

    private static final long WINDOW = 60_000;

    @Test
    void anUnreachableOriginGetsTheEdgesStaleCopyOnlyWhenNoDirectiveForbidsIt() {
        long expired = T0 + 11_000;
        assertTrue(ReusePolicy.staleWhenUnreachable(entry("max-age=10"), CacheControl.NONE, expired, WINDOW));
        // RFC 9111 5.2.2.10: s-maxage implies proxy-revalidate
        for (String cc : new String[] { "s-maxage=10", "public, s-maxage=10", "max-age=10, must-revalidate",
                "max-age=10, proxy-revalidate", "no-cache, max-age=10" }) {
            assertFalse(ReusePolicy.staleWhenUnreachable(entry(cc), CacheControl.NONE, expired, WINDOW), cc);
            assertFalse(ReusePolicy.staleWhenUnreachable(entry(cc), CacheControl.parse("stale-if-error=600"), expired,
                    WINDOW), cc + " and a request stale-if-error");
        }
        // the response's own stale-if-error is the origin's explicit permission, also with s-maxage
        assertTrue(ReusePolicy.staleWhenUnreachable(entry("s-maxage=10, stale-if-error=60"), CacheControl.NONE,
                expired, WINDOW));
    }

    @Test
    void aCopyStillFreshAnswersWhenTheOriginCannotBeReachedWhateverItsDirectives() {
        // the lease or a client's no-cache sent a fresh copy to the origin; it failed: the copy is not stale
        for (String cc : new String[] { "s-maxage=10", "max-age=10, must-revalidate", "max-age=10, proxy-revalidate" }) {
            assertTrue(ReusePolicy.staleWhenUnreachable(entry(cc), CacheControl.NONE, T0 + 5_000, WINDOW), cc);
        }
    }

    @Test
    void aRequestsStaleIfErrorDoesNotOverrideSMaxAge() {
        assertFalse(ReusePolicy.staleIfError(entry("s-maxage=10"), CacheControl.parse("stale-if-error=100"),
                T0 + 11_000));
        assertTrue(ReusePolicy.staleIfError(entry("s-maxage=10, stale-if-error=20"), CacheControl.NONE, T0 + 11_000));
        assertFalse(ReusePolicy.staleIfError(entry("no-cache, max-age=10, stale-if-error=20"), CacheControl.NONE,
                T0 + 11_000));
    }

    @Test
    void aLazyRegionsSoftInvalidatedCopyIsNotServedStaleOnceExpiredUnderSMaxAge() {
        TokenState soft = new TokenState(Map.of(), Map.of("key:/x", 5L), 0, 0);
        for (String cc : new String[] { "s-maxage=10", "max-age=10, must-revalidate", "max-age=10, proxy-revalidate" }) {
            CacheEntry e = entry(cc);
            Validity v = EntryValidity.judge(e, soft, T0 + 11_000);
            assertEquals(Reuse.VALIDATE, ReusePolicy.decide(v, e, CacheControl.NONE, T0 + 11_000), cc);
        }
        CacheEntry swr = entry("s-maxage=10, stale-while-revalidate=30");
        Validity v = EntryValidity.judge(swr, soft, T0 + 11_000);
        assertEquals(Reuse.SERVE_STALE, ReusePolicy.decide(v, swr, CacheControl.NONE, T0 + 11_000),
                "the response's own stale-while-revalidate allows it");
    }
}
