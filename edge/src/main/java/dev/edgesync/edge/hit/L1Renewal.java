package dev.edgesync.edge.hit;

import dev.edgesync.edge.cache.L1Copy;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.EntryStore;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.L1Cache;
import io.quarkus.arc.ClientProxy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps an L1 copy in use from leaving at its L1 max-age: past half of it, the first hit ({@link L1Cache#claimRenewal})
 * confirms the copy in the background with the one MGET the read path's L1 validation uses (the key's state and the
 * copies' stamps), while the copy goes on answering. Confirmed unchanged and fresh, it is kept for another max-age
 * ({@link L1Cache#renew}); a stamp that changed drops it; no answer leaves it to expire as before.
 */
@ApplicationScoped
public class L1Renewal {
    private static final Logger LOG = Logger.getLogger(L1Renewal.class);

    private final L1Cache l1;
    private final EntryStore store;

    private final InstantSource clock;

    public L1Renewal(L1Cache l1, EntryStore store, InstantSource clock) {
        this.clock = clock;
        this.l1 = ClientProxy.unwrap(l1);
        this.store = ClientProxy.unwrap(store);
    }

    /** A hit answered {@code copy} for primary key {@code key} at {@code now}: confirm it when due. */
    void answered(String key, L1Copy copy, long now) {
        if (!l1.claimRenewal(copy, now)) {
            return;
        }
        L1Copy primary = l1.get(key);
        if (primary == null) {
            return;
        }
        long epoch = l1.epoch(key);
        List<String> storageKeys = new ArrayList<>(2);
        List<String> expected = new ArrayList<>(2);
        storageKeys.add(key);
        expected.add(primary.stamp());
        String variantKey = null;
        if (copy != primary) {
            variantKey = CacheKey.variantKey(key, copy.entry().variant());
            storageKeys.add(variantKey);
            expected.add(copy.stamp());
        }
        Set<String> tokens = new LinkedHashSet<>(copy.entry().tokens());
        tokens.addAll(primary.entry().tokens());
        String variant = variantKey;
        store.stateStampedAsync(key, List.copyOf(tokens), storageKeys).subscribe().with(current -> {
            if (!expected.equals(current.stamps())) {
                l1.invalidateStorageKeys(storageKeys);
                return;
            }
            long at = clock.millis();
            if (EntryValidity.judge(primary.entry(), current.state(), at) == EntryValidity.Validity.FRESH
                    && EntryValidity.judge(copy.entry(), current.state(), at) == EntryValidity.Validity.FRESH) {
                l1.renew(key, primary, epoch, at);
                if (variant != null) {
                    l1.renew(variant, copy, epoch, at);
                }
            }
        }, failure -> LOG.debugf("L1 renewal of %s: %s", key, failure.toString()));
    }
}
