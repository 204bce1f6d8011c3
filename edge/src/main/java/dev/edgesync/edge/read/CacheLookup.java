package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.TokenState;
import dev.edgesync.edge.cache.VaryKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The lookup stage ({@code vcl_lookup}): the entry matching the request and its validity. Two Redis round trips
 * (GET of the entry, one MGET of its tokens' generations and the key's minimum versions), one more when the
 * response varies and the latest variant under the key is not the request's. With the in-process {@link L1Cache}
 * the GETs are replaced by the L1 copies, validated in that same single MGET (their stamps are part of it):
 * one round trip per hit, and the same decision as without L1.
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
        L1Cache l1 = store.l1();
        if (l1.enabled()) {
            Found found = fromL1(request, l1);
            if (found != null) {
                l1.recordHit();
                return found;
            }
        }
        return fromRedis(request, l1);
    }

    /**
     * The L1 replacement of the entry GETs: the same entries the Redis path would read, judged in one MGET that
     * also checks their stamps are still the ones in Redis. Null (use the Redis path) when L1 lacks an entry or a
     * stamp changed (replaced, removed or expired by any replica).
     */
    private Found fromL1(ClientRequest request, L1Cache l1) {
        String key = request.key();
        L1Cache.Stamped primary = l1.get(key);
        if (primary == null) {
            return null;
        }
        CacheEntry entry = primary.entry();
        List<String> storageKeys = new ArrayList<>(2);
        List<String> expected = new ArrayList<>(2);
        storageKeys.add(key);
        expected.add(primary.stamp());
        if (!entry.vary().isEmpty()) {
            if (entry.vary().contains("*")) {
                return null;
            }
            String variant = VaryKey.variant(entry.vary(), request::header);
            if (!variant.equals(entry.variant())) {
                String variantKey = CacheKey.variantKey(key, variant);
                L1Cache.Stamped own = l1.get(variantKey);
                if (own == null || !variant.equals(own.entry().variant())) {
                    return null;
                }
                entry = own.entry();
                storageKeys.add(variantKey);
                expected.add(own.stamp());
            }
        }
        CacheStore.StampedState current = store.stateStamped(entry.key(), entry.tokens(), storageKeys);
        if (!expected.equals(current.stamps())) {
            storageKeys.forEach(l1::invalidate);
            return null;
        }
        return new Found(entry, EntryValidity.judge(entry, current.state(), System.currentTimeMillis()));
    }

    /** Today's path: GET of the entry (with its stamp, same round trip), then one MGET of its state. */
    private Found fromRedis(ClientRequest request, L1Cache l1) {
        CacheEntry entry = read(request.key(), l1);
        if (entry == null) {
            return Found.MISS;
        }
        if (!entry.vary().isEmpty()) {
            if (entry.vary().contains("*")) {
                return Found.MISS;
            }
            String variant = VaryKey.variant(entry.vary(), request::header);
            if (!variant.equals(entry.variant())) {
                entry = read(CacheKey.variantKey(request.key(), variant), l1);
                if (entry == null || !variant.equals(entry.variant())) {
                    return Found.MISS;
                }
            }
        }
        TokenState state = store.state(entry.key(), entry.tokens());
        return new Found(entry, EntryValidity.judge(entry, state, System.currentTimeMillis()));
    }

    private CacheEntry read(String storageKey, L1Cache l1) {
        if (!l1.enabled()) {
            return store.get(storageKey);
        }
        CacheStore.StampedEntry stamped = store.getStamped(storageKey);
        if (stamped.entry() == null) {
            l1.invalidate(storageKey);
            return null;
        }
        l1.put(storageKey, stamped.entry(), stamped.stamp());
        return stamped.entry();
    }
}
