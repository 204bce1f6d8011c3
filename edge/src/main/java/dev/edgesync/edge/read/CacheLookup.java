package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.TokenState;
import dev.edgesync.edge.cache.VaryKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The lookup stage ({@code vcl_lookup}): the entry matching the request and its validity. Two Redis round trips
 * (GET of the entry, one MGET of its tokens' generations and the key's minimum versions), one more when the
 * response varies and the latest variant under the key is not the request's.
 */
@ApplicationScoped
public class CacheLookup {
    private final CacheStore store;

    public CacheLookup(CacheStore store) {
        this.store = store;
    }

    /** What the lookup found: {@code entry} null on a miss. */
    public record Found(CacheEntry entry, Validity validity) {
        static final Found MISS = new Found(null, null);

        public boolean miss() {
            return entry == null;
        }
    }

    /** @throws dev.edgesync.edge.cache.StoreUnavailableException when Redis does not answer in time */
    public Found lookup(ClientRequest request) {
        CacheEntry entry = store.get(request.key());
        if (entry == null) {
            return Found.MISS;
        }
        if (!entry.vary().isEmpty()) {
            if (entry.vary().contains("*")) {
                return Found.MISS;
            }
            String variant = VaryKey.variant(entry.vary(), request::header);
            if (!variant.equals(entry.variant())) {
                entry = store.get(CacheKey.variantKey(request.key(), variant));
                if (entry == null || !variant.equals(entry.variant())) {
                    return Found.MISS;
                }
            }
        }
        TokenState state = store.state(entry.key(), entry.tokens());
        return new Found(entry, EntryValidity.judge(entry, state, System.currentTimeMillis()));
    }
}
