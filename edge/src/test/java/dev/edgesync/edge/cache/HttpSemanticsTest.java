package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small HTTP rules: directives, dates, hop-by-hop fields, targeted fields, Vary normalisation, storage. */
class HttpSemanticsTest {

    private static Function<String, String> headers(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m::get;
    }

    // --- Cache-Control

    @Test
    void parsesRevalidationAndExtensionDirectives() {
        CacheControl cc = CacheControl.parse(
                "must-revalidate, proxy-revalidate, must-understand, immutable, stale-if-error=30");
        assertTrue(cc.mustRevalidate());
        assertTrue(cc.proxyRevalidate());
        assertTrue(cc.mustUnderstand());
        assertTrue(cc.immutable());
        assertTrue(cc.revalidateWhenStale());
        assertEquals(OptionalLong.of(30), cc.staleIfError());
    }

    @Test
    void parsesRequestDirectives() {
        CacheControl cc = CacheControl.parse("max-stale=10, min-fresh=5, only-if-cached, no-cache");
        assertEquals(OptionalLong.of(10), cc.maxStale());
        assertEquals(OptionalLong.of(5), cc.minFresh());
        assertTrue(cc.onlyIfCached());
        assertTrue(cc.noCache());
    }

    @Test
    void maxStaleWithoutValueAcceptsAnyStaleness() {
        assertEquals(OptionalLong.of(Long.MAX_VALUE), CacheControl.parse("max-stale").maxStale());
    }

    @Test
    void qualifiedNoCacheAndPrivateListTheirFields() {
        CacheControl cc = CacheControl.parse("no-cache=\"Set-Cookie, X-A\", private=\"X-User\", max-age=60");
        assertTrue(cc.noCache());
        assertFalse(cc.noCacheUnqualified());
        assertEquals(List.of("set-cookie", "x-a"), cc.noCacheFields());
        assertTrue(cc.isPrivate());
        assertFalse(cc.privateUnqualified());
        assertEquals(List.of("x-user"), cc.privateFields());
        assertTrue(CacheControl.parse("no-cache").noCacheUnqualified());
        assertTrue(CacheControl.parse("private").privateUnqualified());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"public;true", "s-maxage=5;true", "must-revalidate;true", "max-age=5;false",
            "proxy-revalidate;false"})
    void authorizedResponsesNeedPublicSMaxAgeOrMustRevalidate(String cc, boolean allowed) {
        assertEquals(allowed, CacheControl.parse(cc).allowsAuthorized());
    }

    @Test
    void pragmaNoCacheCountsOnlyWithoutCacheControl() {
        assertTrue(RequestDirectives.of(headers("pragma", "no-cache")).noCache());
        assertFalse(RequestDirectives.of(headers("pragma", "no-cache", "cache-control", "max-age=5")).noCache());
        assertFalse(RequestDirectives.of(headers()).noCache());
    }

    // --- targeted fields (RFC 9213)

    @Test
    void cdnCacheControlReplacesCacheControlForTheEdge() {
        CacheControl cc = ResponseDirectives.of(headers("cache-control", "no-store", "cdn-cache-control",
                "max-age=600"));
        assertFalse(cc.noStore());
        assertEquals(OptionalLong.of(600), cc.maxAge());
    }

    @Test
    void cdnCacheControlWinsOverSurrogateControl() {
        CacheControl cc = ResponseDirectives.of(headers("surrogate-control", "max-age=5", "cdn-cache-control",
                "max-age=9", "cache-control", "max-age=1"));
        assertEquals(OptionalLong.of(9), cc.maxAge());
    }

    @Test
    void surrogateControlWinsOverCacheControlAndDropsTargets() {
        CacheControl cc = ResponseDirectives.of(headers("surrogate-control", "max-age=300;edge, content=\"ESI/1.0\"",
                "cache-control", "private"));
        assertEquals(OptionalLong.of(300), cc.maxAge());
        assertFalse(cc.isPrivate());
        assertEquals("max-age=300", ResponseDirectives.stripSurrogateTargets("max-age=300;edge, content=\"ESI/1.0\""));
    }

    @Test
    void withoutTargetedFieldsCacheControlApplies() {
        assertTrue(ResponseDirectives.of(headers("cache-control", "no-store")).noStore());
    }

    // --- dates

    @ParameterizedTest
    @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994"})
    void readsTheThreeHttpDateForms(String value) {
        assertEquals(784111777000L, HttpDate.parse(value).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "tomorrow", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT", "06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 +0000", "Mon, 06 Nov 1994 08:49:37 GMT", "Thu, 31 Feb 2022 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT", "Sun, 06 Nov 1994 08:60:37 GMT", "Sun, 0x Nov 1994 08:49:37 GMT",
            "Sun, 06 Nox 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC"})
    void invalidDatesAreEmpty(String value) {
        assertTrue(HttpDate.parse(value).isEmpty());
        assertTrue(HttpDate.parse(null).isEmpty());
    }

    @Test
    void readsEveryImfFixdateAsTheFormatterDoes() {
        // the field-by-field reading against java.time's, over dates of several centuries, every hour of a day
        for (long ms = -2_208_988_800_000L; ms < 4_102_444_800_000L; ms += 7_919_993_000L) {
            String date = HttpDate.format(ms);
            assertEquals(java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli(), HttpDate.parse(date).orElseThrow(), date);
        }
        assertEquals(951782400000L, HttpDate.parse("Tue, 29 Feb 2000 00:00:00 GMT").orElseThrow());
    }

    @Test
    void formatsImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(784111777000L));
        assertEquals(784111777000L, HttpDate.parse(HttpDate.format(784111777000L)).orElseThrow());
    }

    // --- hop-by-hop

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "keep-alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
            "Proxy-Authorization", "proxy-authenticate", "Proxy-Connection", "X-Named"})
    void hopByHopFieldsIncludeThoseConnectionNames(String name) {
        assertTrue(HopByHop.of("close, X-Named").isHopByHop(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cache-control", "x-other", "etag", "content-type"})
    void endToEndFieldsAreNotHopByHop(String name) {
        assertFalse(HopByHop.of("close, X-Named").isHopByHop(name));
    }

    // --- Vary

    @Test
    void varyNamesAreLowerCasedSortedAndDeduplicated() {
        assertEquals(List.of("accept", "accept-encoding"), VaryKey.names(" Accept-Encoding , accept,ACCEPT "));
        assertEquals(List.of("*"), VaryKey.names("Accept, *"));
        assertEquals(List.of(), VaryKey.names(null));
        assertEquals(List.of(), VaryKey.names(" "));
    }

    @Test
    void equivalentRequestValuesShareAVariant() {
        List<String> names = VaryKey.names("Accept-Encoding, Accept-Language");
        String a = VaryKey.variant(names, headers("accept-encoding", "gzip, br", "accept-language", "en;q=0.8, fr"));
        String b = VaryKey.variant(names, headers("accept-encoding", "BR,gzip", "accept-language", "fr ,en ; q=0.8"));
        assertEquals(a, b);
    }

    @Test
    void differentValuesAbsentAndEmptyAreDifferentVariants() {
        List<String> names = VaryKey.names("Accept-Encoding");
        String gzip = VaryKey.variant(names, headers("accept-encoding", "gzip"));
        String br = VaryKey.variant(names, headers("accept-encoding", "br"));
        String absent = VaryKey.variant(names, headers());
        String empty = VaryKey.variant(names, headers("accept-encoding", ""));
        assertNotEquals(gzip, br);
        assertNotEquals(absent, empty);
        assertNotEquals(gzip, absent);
    }

    @Test
    void caseMattersForFieldsNotDefinedCaseInsensitive() {
        List<String> names = VaryKey.names("X-Tenant");
        assertNotEquals(VaryKey.variant(names, headers("x-tenant", "Acme")),
                VaryKey.variant(names, headers("x-tenant", "acme")));
    }

    @Test
    void cookieOrderIsKept() {
        assertEquals("a=1;b=2", VaryKey.normalise("Cookie", "a=1; b=2"));
        assertEquals("b,a", VaryKey.normalise("Cookie", "b, a"));
        assertEquals("a,b", VaryKey.normalise("X-List", "b, a"));
    }

    @Test
    void noVaryMeansNoVariant() {
        assertEquals("", VaryKey.variant(List.of(), headers("accept", "x")));
    }

    // --- storage

    private static StoragePolicy.Decision store(int status, String cc, String... responseHeaders) {
        return store(status, cc, CacheControl.NONE, false, responseHeaders);
    }

    private static StoragePolicy.Decision store(int status, String cc, CacheControl request, boolean authorized,
            String... responseHeaders) {
        Function<String, String> h = headers(responseHeaders);
        CacheControl parsed = CacheControl.parse(cc);
        boolean lifetime = FreshnessPolicy.lifetime(status, parsed, h, 0, java.time.Duration.ofHours(1)).isPresent();
        return StoragePolicy.decide(status, parsed, request, h, lifetime, authorized);
    }

    @Test
    void storageDecisions() {
        assertEquals(StoragePolicy.Decision.STORE, store(200, "max-age=60"));
        assertEquals(StoragePolicy.Decision.STORE, store(200, null));
        assertEquals(StoragePolicy.Decision.NO_STORE, store(200, "no-store, max-age=60"));
        assertEquals(StoragePolicy.Decision.PRIVATE, store(200, "private, max-age=60"));
        assertEquals(StoragePolicy.Decision.STORE, store(200, "private=\"x-user\", max-age=60"));
        assertEquals(StoragePolicy.Decision.REQUEST_NO_STORE,
                store(200, "max-age=60", CacheControl.parse("no-store"), false));
        assertEquals(StoragePolicy.Decision.AUTHORIZATION, store(200, "max-age=60", CacheControl.NONE, true));
        assertEquals(StoragePolicy.Decision.STORE, store(200, "public, max-age=60", CacheControl.NONE, true));
        assertEquals(StoragePolicy.Decision.SET_COOKIE, store(200, "max-age=60", "set-cookie", "a=b"));
        assertEquals(StoragePolicy.Decision.STORE, store(200, "s-maxage=60", "set-cookie", "a=b"));
        assertEquals(StoragePolicy.Decision.VARY_STAR, store(200, "max-age=60", "vary", "*"));
        assertEquals(StoragePolicy.Decision.NO_FRESHNESS, store(201, null));
        assertEquals(StoragePolicy.Decision.STORE, store(201, "max-age=60"));
        assertEquals(StoragePolicy.Decision.STATUS, store(206, "max-age=60"));
        assertEquals(StoragePolicy.Decision.STATUS, store(304, "max-age=60"));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void originFailuresAreStoredOnlyWithExplicitFreshness(int status) {
        assertEquals(StoragePolicy.Decision.STORE, store(status, "max-age=60"));
        assertEquals(StoragePolicy.Decision.STORE, store(status, "s-maxage=60"));
        assertEquals(StoragePolicy.Decision.STORE, store(status, null, "expires", "Thu, 01 Jan 1970 00:01:00 GMT"));
        assertEquals(StoragePolicy.Decision.ORIGIN_ERROR, store(status, null));
        assertEquals(StoragePolicy.Decision.ORIGIN_ERROR, store(status, "public", "last-modified",
                "Thu, 01 Jan 1970 00:00:00 GMT"), "no heuristic freshness for an error");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void aStoredOriginFailureIsNeverServedStale(int status) {
        CacheEntry e = EntryFactory.fromOrigin("/x", status,
                java.util.Map.of("cache-control", "max-age=10, stale-while-revalidate=60, stale-if-error=60"),
                new byte[0], java.time.Duration.ofHours(1), 0).orElseThrow();
        TokenState none = new TokenState(java.util.Map.of(), java.util.Map.of(), 0, 0);
        assertEquals(ReusePolicy.Reuse.SERVE_FRESH, ReusePolicy.decide(EntryValidity.judge(e, none, 9_000), e,
                CacheControl.NONE, 9_000));
        assertEquals(ReusePolicy.Reuse.VALIDATE, ReusePolicy.decide(EntryValidity.judge(e, none, 11_000), e,
                CacheControl.parse("max-stale"), 11_000));
        assertFalse(ReusePolicy.staleIfError(e, CacheControl.parse("stale-if-error=60"), 11_000));
        assertFalse(ReusePolicy.staleWhenUnreachable(e, CacheControl.NONE, 11_000, 3_600_000));
    }

    @Test
    void mustUnderstandStoresUnderstoodStatusesDespiteNoStore() {
        assertEquals(StoragePolicy.Decision.STORE, store(200, "must-understand, no-store, max-age=60"));
        assertEquals(StoragePolicy.Decision.STATUS, store(299, "must-understand, no-store, max-age=60"));
        assertEquals(StoragePolicy.Decision.STATUS, store(299, "must-understand, max-age=60"));
    }
}
