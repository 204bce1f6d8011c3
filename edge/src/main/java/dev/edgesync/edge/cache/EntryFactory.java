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
 * The {@code vcl_backend_response} stage as plain code: turns an origin answer into a storable entry (or says it
 * must pass through), and refreshes a stored entry from a 304.
 */
public final class EntryFactory {

    /** Response headers stored and replayed to clients. {@code Surrogate-Key} is read, never replayed. */
    public static final Set<String> STORED_HEADERS = Set.of("content-type", "cache-control", "etag",
            "last-modified", "x-content-version", "expires", "location", "content-language", "content-disposition",
            "vary");

    /** Headers a 304 may update on the stored entry (RFC 9111 §4.3.4, restricted to what this edge stores). */
    private static final Set<String> REFRESHED_HEADERS = Set.of("cache-control", "etag", "last-modified",
            "x-content-version", "expires");

    private EntryFactory() {
    }

    /**
     * An entry (without generation snapshot) for a fresh origin response, or empty when it must pass through.
     *
     * @param header looks a response header up by lower-case name (values joined), null when absent
     */
    public static Optional<CacheEntry> fromOrigin(String key, int status, Function<String, String> header,
            byte[] body, Duration maxTtl, long now) {
        Optional<FreshnessPolicy.Lifetime> lifetime =
                FreshnessPolicy.lifetime(status, CacheControl.parse(header.apply("cache-control")), maxTtl);
        if (lifetime.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            String value = header.apply(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        FreshnessPolicy.Lifetime l = lifetime.get();
        return Optional.of(new CacheEntry(key, status, headers, body, version(header.apply("x-content-version")),
                header.apply("etag"), header.apply("last-modified"),
                CacheKey.surrogateKeys(header.apply("surrogate-key")), now, l.freshUntil(now), l.staleUntil(now),
                Map.of(), Map.of(), false));
    }

    /**
     * The stored entry refreshed by a 304: same body, headers updated from the 304, new lifetime (from the 304's
     * Cache-Control, else the stored one), {@code storedAt = now}. Empty when the refreshed entry may not be
     * stored (for example the 304 says {@code no-store}).
     */
    public static Optional<CacheEntry> revalidated(CacheEntry stored, Function<String, String> header, Duration maxTtl,
            long now) {
        Map<String, String> headers = new LinkedHashMap<>(stored.headers());
        for (String name : REFRESHED_HEADERS) {
            String value = header.apply(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        Optional<FreshnessPolicy.Lifetime> lifetime =
                FreshnessPolicy.lifetime(stored.status(), CacheControl.parse(headers.get("cache-control")), maxTtl);
        if (lifetime.isEmpty()) {
            return Optional.empty();
        }
        String surrogate = header.apply("surrogate-key");
        List<String> tags = surrogate == null ? stored.tags() : CacheKey.surrogateKeys(surrogate);
        long version = headers.containsKey("x-content-version") ? version(headers.get("x-content-version"))
                : stored.version();
        FreshnessPolicy.Lifetime l = lifetime.get();
        return Optional.of(new CacheEntry(stored.key(), stored.status(), headers, stored.body(), version,
                headers.getOrDefault("etag", stored.etag()), headers.getOrDefault("last-modified", stored.lastModified()),
                tags, now, l.freshUntil(now), l.staleUntil(now), Map.of(), Map.of(), false));
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
                e.tags(), e.storedAt(), e.freshUntil(), e.staleUntil(), hard, soft, markedStale);
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
