package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The lookup stage ({@code vcl_lookup}): the entry and its validity. Two Redis round trips: GET of the entry, then
 * one MGET of the generations of its tokens and the key's minimum versions.
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
    public Found lookup(String key) {
        CacheStore.Lookup lookup = store.lookup(key);
        if (lookup.entry() == null) {
            return Found.MISS;
        }
        return new Found(lookup.entry(),
                EntryValidity.judge(lookup.entry(), lookup.state(), System.currentTimeMillis()));
    }
}
