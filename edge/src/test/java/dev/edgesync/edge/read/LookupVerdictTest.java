package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.TokenState;
import dev.edgesync.edge.read.ReadPath.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a request goes after its lookup: decided from the copy, the request, the time and the lease alone. */
class LookupVerdictTest {
    private static final long T0 = 1_000_000;

    private static CacheEntry entry(String cc) {
        return EntryFactory.fromOrigin("/x", 200, Map.of("cache-control", cc, "etag", "\"1\""), new byte[0],
                Duration.ofHours(1), T0).orElseThrow();
    }

    private static ClientRequest request(Map<String, List<String>> headers) {
        return new ClientRequest("GET", "/x", false, headers, null);
    }

    private static Step decide(CacheEntry e, ClientRequest request, long now, boolean lease) {
        Validity validity = e == null ? null
                : EntryValidity.judge(e, new TokenState(Map.of(), Map.of(), 0, 0), now);
        return LookupVerdict.decide(e, validity, request, now, lease);
    }

    @Test
    void aMissIsFilledUnlessOnlyIfCached() {
        assertEquals(Step.MISS, decide(null, request(Map.of()), T0, true));
        assertEquals(Step.NOT_CACHED,
                decide(null, request(Map.of("cache-control", List.of("only-if-cached"))), T0, true));
    }

    @Test
    void freshIsAHitWhileTheLeaseHoldsAndRevalidatedWhenItDoesNot() {
        CacheEntry e = entry("max-age=10, stale-while-revalidate=10");
        assertEquals(Step.HIT, decide(e, request(Map.of()), T0 + 9_999, true));
        assertEquals(Step.REVALIDATE, decide(e, request(Map.of()), T0 + 9_999, false));
        assertEquals(Step.STALE,
                decide(e, request(Map.of("cache-control", List.of("only-if-cached"))), T0 + 9_999, false));
    }

    @Test
    void staleWhileRevalidateIsServedWhenAllowedThenValidated() {
        CacheEntry e = entry("max-age=10, stale-while-revalidate=10");
        assertEquals(Step.STALE_IF_ALLOWED, decide(e, request(Map.of()), T0 + 10_000, true));
        assertEquals(Step.REVALIDATE, decide(e, request(Map.of()), T0 + 20_000, true));
        assertEquals(Step.NOT_CACHED,
                decide(e, request(Map.of("cache-control", List.of("only-if-cached"))), T0 + 20_000, true));
    }

    @Test
    void aCopyNotStoredForCredentialsIsPassedForARequestWithThem() {
        CacheEntry e = entry("max-age=60");
        assertEquals(Step.PASS, decide(e, request(Map.of("authorization", List.of("Bearer x"))), T0 + 1, true));
        assertEquals(Step.HIT, decide(entry("public, max-age=60"),
                request(Map.of("authorization", List.of("Bearer x"))), T0 + 1, true));
    }
}
