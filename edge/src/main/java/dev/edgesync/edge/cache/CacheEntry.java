package dev.edgesync.edge.cache;

import java.util.List;
import java.util.Map;

/**
 * A stored response and what it was validated against.
 *
 * @param key the primary cache key (path and query); invalidation tokens and minimum versions hang off it, so a
 *        key purge reaches every variant
 * @param headers response headers to replay (lower-case names, values joined), without hop-by-hop fields,
 *        {@code Set-Cookie}, {@code Surrogate-Key} and {@code private="…"} fields
 * @param version the content version ({@code X-Content-Version}), 0 when the origin sent none
 * @param tags surrogate keys ({@code Surrogate-Key})
 * @param storedAt when the response was received or last validated (epoch ms, RFC 9111 {@code response_time})
 * @param freshUntil end of the freshness lifetime (epoch ms), already net of {@code initialAgeMs}
 * @param staleUntil end of the {@code stale-while-revalidate} window
 * @param hardSnapshot hard generation of each token the entry depends on, as read when it was stored
 * @param softSnapshot soft generation of each token, as read when it was stored
 * @param markedStale a soft invalidation was applied while the fill ran: the entry is stale from birth
 * @param initialAgeMs the age the response had when received ({@code corrected_initial_age}, RFC 9111 §4.2.3)
 * @param vary the request fields the response varies on (lower case, sorted), empty when none
 * @param variant the variant id ({@link VaryKey#variant}) of the request it was stored for, "" when none
 */
public record CacheEntry(
        String key,
        int status,
        Map<String, String> headers,
        byte[] body,
        long version,
        String etag,
        String lastModified,
        List<String> tags,
        long storedAt,
        long freshUntil,
        long staleUntil,
        Map<String, Long> hardSnapshot,
        Map<String, Long> softSnapshot,
        boolean markedStale,
        long initialAgeMs,
        List<String> vary,
        String variant) {

    public CacheEntry {
        headers = Map.copyOf(headers);
        tags = List.copyOf(tags);
        hardSnapshot = Map.copyOf(hardSnapshot);
        softSnapshot = Map.copyOf(softSnapshot);
        vary = vary == null ? List.of() : List.copyOf(vary);
        variant = variant == null ? "" : variant;
    }

    /** An entry that does not vary and had age 0 when received. */
    public CacheEntry(String key, int status, Map<String, String> headers, byte[] body, long version, String etag,
            String lastModified, List<String> tags, long storedAt, long freshUntil, long staleUntil,
            Map<String, Long> hardSnapshot, Map<String, Long> softSnapshot, boolean markedStale) {
        this(key, status, headers, body, version, etag, lastModified, tags, storedAt, freshUntil, staleUntil,
                hardSnapshot, softSnapshot, markedStale, 0, List.of(), "");
    }

    public List<String> tokens() {
        return CacheKey.tokens(key, tags);
    }

    public boolean hasEtag() {
        return etag != null && !etag.isEmpty();
    }

    public boolean hasValidator() {
        return hasEtag() || (lastModified != null && !lastModified.isEmpty());
    }

    /** The Redis key of this variant's own copy, or null when the entry does not vary. */
    public String variantKey() {
        return variant.isEmpty() ? null : CacheKey.variantKey(key, variant);
    }

    /** The key this entry is locked and collapsed under: its variant key, else its key. */
    public String storageKey() {
        return variant.isEmpty() ? key : CacheKey.variantKey(key, variant);
    }

    /** RFC 9111 §4.2.3 {@code current_age}: initial age plus the time resident here, in ms, never negative. */
    public long currentAgeMs(long now) {
        return initialAgeMs + Math.max(0, now - storedAt);
    }

    /** Whole seconds of {@link #currentAgeMs}: the {@code Age} header. */
    public long ageSeconds(long now) {
        return currentAgeMs(now) / 1000;
    }

    /** The directives this edge obeys for the stored response (targeted fields first). */
    public CacheControl directives() {
        return ResponseDirectives.of(headers::get);
    }
}
