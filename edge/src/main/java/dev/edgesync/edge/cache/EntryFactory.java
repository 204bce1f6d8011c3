package dev.edgesync.edge.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code vcl_backend_response} stage as plain code: turns an origin answer to a GET into a storable entry (or
 * says it must pass through, see {@link StoragePolicy}), and refreshes a stored entry from a 304.
 */
public final class EntryFactory {

    /** Never stored: computed per response ({@code Age}, {@code Content-Length}), per user or read as tags. */
    static final Set<String> NOT_STORED = Set.of("set-cookie", "set-cookie2", "surrogate-key", "content-length",
            "age");

    /** Stored with the response where the path's {@link SetCookieRules} mode is {@code store}. */
    static final Set<String> COOKIES = Set.of("set-cookie", "set-cookie2");

    /** A 304 does not update these (RFC 9111 §3.2): they describe the stored body. */
    static final Set<String> NOT_UPDATED = Set.of("content-length", "content-encoding", "content-type",
            "content-range", "set-cookie", "set-cookie2", "surrogate-key", "age");

    private EntryFactory() {
    }

    /** {@link #fromOrigin(String, int, Map, byte[], Duration, long, long, Function)} for a plain request. */
    public static Optional<CacheEntry> fromOrigin(String key, int status, Map<String, String> headers, byte[] body,
            Duration maxTtl, long now) {
        return fromOrigin(key, status, headers, body, maxTtl, now, now, name -> null);
    }

    /**
     * An entry (without generation snapshot) for an origin response, or empty when it must pass through.
     *
     * @param headers the response headers, lower-case names, values joined
     * @param requestTime when the request was sent (epoch ms)
     * @param responseTime when the response arrived
     * @param requestHeader the client request's headers by lower-case name (Vary, Authorization, no-store)
     */
    public static Optional<CacheEntry> fromOrigin(String key, int status, Map<String, String> headers, byte[] body,
            Duration maxTtl, long requestTime, long responseTime, Function<String, String> requestHeader) {
        Function<String, String> header = headers::get;
        CacheControl cc = ResponseDirectives.of(header);
        Optional<FreshnessPolicy.Lifetime> lifetime = FreshnessPolicy.lifetime(status, cc, header, responseTime,
                maxTtl);
        SetCookieRules.Mode cookies = SetCookieRules.active().mode(key);
        StoragePolicy.Decision decision = StoragePolicy.decide(status, cc, RequestDirectives.of(requestHeader),
                header, lifetime.isPresent(), requestHeader.apply("authorization") != null, cookies);
        if (decision != StoragePolicy.Decision.STORE) {
            return Optional.empty();
        }
        Map<String, String> stored = new LinkedHashMap<>();
        HopByHop hop = HopByHop.of(headers.get("connection"));
        headers.forEach((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            boolean storedCookie = cookies == SetCookieRules.Mode.STORE && COOKIES.contains(n);
            if (!hop.isHopByHop(n) && (storedCookie || !NOT_STORED.contains(n)) && !cc.privateFields().contains(n)) {
                stored.put(n, value);
            }
        });
        stored.putIfAbsent("date", HttpDate.format(responseTime));
        byte[] content = encoded(stored, body, ContentCoding.plan(requestHeader.apply("accept-encoding"), status,
                header, body.length, Compressor.available()));
        long initialAge = FreshnessPolicy.initialAgeMs(headers.get("age"), headers.get("date"), requestTime,
                responseTime);
        List<String> vary = VaryKey.names(stored.containsKey("vary") ? stored.get("vary") : headers.get("vary"));
        FreshnessPolicy.Lifetime l = lifetime.get();
        long freshUntil = l.freshUntil(responseTime) - initialAge;
        return Optional.of(new CacheEntry(key, status, stored, content, version(headers.get("x-content-version")),
                headers.get("etag"), headers.get("last-modified"), CacheKey.surrogateKeys(headers.get("surrogate-key")),
                responseTime, freshUntil, freshUntil + l.staleWhileRevalidateMs(), Map.of(), Map.of(), false,
                initialAge, vary, VaryKey.variant(vary, requestHeader)));
    }

    /**
     * The stored copy of a compressible response ({@link ContentCoding}): {@code Vary: Accept-Encoding} added to
     * {@code stored}, and when the plan says so, the body encoded with {@code Content-Encoding} and its own
     * {@code ETag}.
     */
    private static byte[] encoded(Map<String, String> stored, byte[] body, ContentCoding.Plan plan) {
        if (!plan.varies()) {
            return body;
        }
        stored.put("vary", ContentCoding.withAcceptEncoding(stored.get("vary")));
        if (plan.coding() == null) {
            return body;
        }
        stored.put("content-encoding", plan.coding());
        if (stored.containsKey("etag")) {
            stored.put("etag", ContentCoding.etag(stored.get("etag"), plan.coding()));
        }
        return Compressor.encode(plan.coding(), body);
    }

    /** {@link #revalidated(CacheEntry, Map, Duration, long, long)} with no response delay. */
    public static Optional<CacheEntry> revalidated(CacheEntry stored, Map<String, String> notModified, Duration maxTtl,
            long now) {
        return revalidated(stored, notModified, maxTtl, now, now);
    }

    /**
     * The stored entry refreshed by a 304 (RFC 9111 §4.3.4): same body, headers updated from the 304 (except those
     * describing the body), new lifetime from the merged headers, age from the 304. Empty when the refreshed
     * entry may not be stored (for example the 304 says {@code no-store}).
     */
    public static Optional<CacheEntry> revalidated(CacheEntry stored, Map<String, String> notModified, Duration maxTtl,
            long requestTime, long responseTime) {
        Map<String, String> headers = new LinkedHashMap<>(stored.headers());
        HopByHop hop = HopByHop.of(notModified.get("connection"));
        notModified.forEach((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (!hop.isHopByHop(n) && !NOT_UPDATED.contains(n)) {
                headers.put(n, value);
            }
        });
        if (!notModified.containsKey("date")) {
            headers.put("date", HttpDate.format(responseTime));
        }
        // a copy the edge encoded keeps its Vary and its own ETag; the origin's validator stays the entry's
        String coding = stored.headers().get("content-encoding");
        boolean encodedHere = coding != null && stored.hasEtag()
                && !stored.etag().equals(stored.headers().get("etag"));
        String originEtag = notModified.containsKey("etag") ? notModified.get("etag") : stored.etag();
        if (encodedHere) {
            headers.put("etag", ContentCoding.etag(originEtag, coding));
        }
        if (stored.vary().contains("accept-encoding")) {
            headers.put("vary", ContentCoding.withAcceptEncoding(headers.get("vary")));
        }
        CacheControl cc = ResponseDirectives.of(headers::get);
        for (String field : cc.privateFields()) {
            headers.remove(field);
        }
        Optional<FreshnessPolicy.Lifetime> lifetime = FreshnessPolicy.lifetime(stored.status(), cc, headers::get,
                responseTime, maxTtl);
        if (lifetime.isEmpty() || (cc.noStore() && !cc.mustUnderstand()) || cc.privateUnqualified()) {
            return Optional.empty();
        }
        String surrogate = notModified.get("surrogate-key");
        List<String> tags = surrogate == null ? stored.tags() : CacheKey.surrogateKeys(surrogate);
        long version = headers.containsKey("x-content-version") ? version(headers.get("x-content-version"))
                : stored.version();
        long initialAge = FreshnessPolicy.initialAgeMs(notModified.get("age"), notModified.get("date"), requestTime,
                responseTime);
        FreshnessPolicy.Lifetime l = lifetime.get();
        long freshUntil = l.freshUntil(responseTime) - initialAge;
        return Optional.of(new CacheEntry(stored.key(), stored.status(), headers, stored.body(), version,
                encodedHere ? originEtag : headers.getOrDefault("etag", stored.etag()),
                headers.getOrDefault("last-modified", stored.lastModified()),
                tags, responseTime, freshUntil, freshUntil + l.staleWhileRevalidateMs(), Map.of(), Map.of(), false,
                initialAge, stored.vary(), stored.variant()));
    }

    /** The entry with the generations it was validated against. */
    public static CacheEntry withSnapshot(CacheEntry e, TokenState state, boolean markedStale) {
        Map<String, Long> hard = new LinkedHashMap<>();
        Map<String, Long> soft = new LinkedHashMap<>();
        for (String token : e.tokens()) {
            hard.put(token, state.hard(token));
            soft.put(token, state.soft(token));
        }
        return new CacheEntry(e.key(), e.status(), e.headers(), e.body(), e.version(), e.etag(), e.lastModified(),
                e.tags(), e.storedAt(), e.freshUntil(), e.staleUntil(), hard, soft, markedStale, e.initialAgeMs(),
                e.vary(), e.variant());
    }

    /** {@code X-Content-Version} as a number; 0 when absent or not a non-negative integer. */
    public static long version(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim().toLowerCase(Locale.ROOT)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
