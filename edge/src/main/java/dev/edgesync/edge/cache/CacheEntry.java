package dev.edgesync.edge.cache;

import java.util.List;
import java.util.Map;

/**
 * A stored response and what it was validated against.
 *
 * @param headers response headers to replay (lower-case names), without hop-by-hop and {@code Surrogate-Key}
 * @param version the content version ({@code X-Content-Version}), 0 when the origin sent none
 * @param tags surrogate keys ({@code Surrogate-Key})
 * @param storedAt when the body was stored or last validated with the origin (epoch ms), the base of {@code Age}
 * @param hardSnapshot hard generation of each token the entry depends on, as read when it was stored
 * @param softSnapshot soft generation of each token, as read when it was stored
 * @param markedStale a soft invalidation was applied while the fill ran: the entry is stale from birth
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
        boolean markedStale) {

    public CacheEntry {
        headers = Map.copyOf(headers);
        tags = List.copyOf(tags);
        hardSnapshot = Map.copyOf(hardSnapshot);
        softSnapshot = Map.copyOf(softSnapshot);
    }

    public List<String> tokens() {
        return CacheKey.tokens(key, tags);
    }

    public boolean hasEtag() {
        return etag != null && !etag.isEmpty();
    }

    /** Whole seconds since the entry was stored or last validated, never negative. */
    public long ageSeconds(long now) {
        return Math.max(0, (now - storedAt) / 1000);
    }
}
