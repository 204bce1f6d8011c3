package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.L1Copy;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.EntryStore;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.cache.TokenState;
import dev.edgesync.edge.cache.VaryKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The lookup stage ({@code vcl_lookup}): the entry matching the request and its validity.
 *
 * <ul>
 * <li>L1 copy, coherence feed current ({@link RegionCoherence#current}): no Redis round trip; no invalidation has
 * reached the copy since it was judged fresh, so only time decides ({@link EntryValidity#judgeUnchanged}).
 * <li>L1 copy, feed not current: validated in one MGET of its tokens' generations, the key's minimum versions and
 * the copies' stamps (another replica may have replaced it).
 * <li>Otherwise Redis: GET of the entry (one more when the response varies and the latest variant under the key is
 * not the request's), one MGET of the state. Copies judged fresh go to L1, unless an invalidation arrived since the
 * reads began.
 * </ul>
 */
@ApplicationScoped
public class CacheLookup {
    private final EntryStore store;
    private final RegionCoherence coherence;
    private final dev.edgesync.edge.bound.OutageFills outageFills;

    private final InstantSource clock;

    public CacheLookup(EntryStore store, RegionCoherence coherence, dev.edgesync.edge.bound.OutageFills outageFills,
            InstantSource clock) {
        this.clock = clock;
        this.outageFills = outageFills;
        this.store = store;
        this.coherence = coherence;
    }

    /** What the lookup found: {@code entry} null on a miss. */
    public record Found(CacheEntry entry, Validity validity) {
        static final Found MISS = new Found(null, null);

        public boolean miss() {
            return entry == null;
        }
    }

    /**
     * {@link #lookupAsync}, waiting for it (not on an event loop).
     *
     * @throws dev.edgesync.edge.cache.StoreUnavailableException when Redis does not answer in time
     */
    public Found lookup(ClientRequest request) {
        return lookupAsync(request).await().indefinitely();
    }

    /**
     * The lookup, holding no thread while Redis answers; fails with
     * {@link dev.edgesync.edge.cache.StoreUnavailableException} when Redis does not answer in time.
     */
    public Uni<Found> lookupAsync(ClientRequest request) {
        return lookupAsync(request, null);
    }

    /**
     * {@link #lookupAsync(ClientRequest)} whose read of the key's entry in Redis (when L1 cannot answer) is
     * {@code entryRead} (null: a plain read of entry and stamp); a plain miss's reads its entry and takes the fill
     * lock in one round trip ({@link RegionFill#readOrTake}).
     */
    Uni<Found> lookupAsync(ClientRequest request, Function<String, Uni<EntryStore.StampedEntry>> entryRead) {
        return lookupStored(request, entryRead)
                .map(found -> found.miss() || outageFills.answerable(found.entry()) ? found : Found.MISS);
    }

    private Uni<Found> lookupStored(ClientRequest request, Function<String, Uni<EntryStore.StampedEntry>> entryRead) {
        L1Cache l1 = store.l1();
        if (!l1.enabled()) {
            return fromRedis(request, l1, entryRead);
        }
        if (coherence.current()) {
            Found found = fromCurrentL1(request, l1);
            if (found != null) {
                l1.recordHit();
                return Uni.createFrom().item(found);
            }
            return fromRedis(request, l1, entryRead);
        }
        return fromL1(request, l1).flatMap(found -> {
            if (found != null) {
                l1.recordHit();
                return Uni.createFrom().item(found);
            }
            return fromRedis(request, l1, entryRead);
        });
    }

    private Found fromCurrentL1(ClientRequest request, L1Cache l1) {
        L1Copy copy = l1.find(request.key(), request::header);
        return copy == null ? null
                : new Found(copy.entry(), EntryValidity.judgeUnchanged(copy.entry(), clock.millis()));
    }

    /**
     * The L1 replacement of the entry GETs: the same entries the Redis path would read, judged in one MGET that
     * also checks their stamps are still the ones in Redis. Null (use the Redis path) when L1 lacks an entry or a
     * stamp changed (replaced, removed or expired by any replica).
     */
    private Uni<Found> fromL1(ClientRequest request, L1Cache l1) {
        String key = request.key();
        L1Copy primary = l1.get(key);
        L1Copy copy = l1.find(key, request::header);
        if (primary == null || copy == null) {
            return Uni.createFrom().nullItem();
        }
        List<String> storageKeys = new ArrayList<>(2);
        List<String> expected = new ArrayList<>(2);
        storageKeys.add(key);
        expected.add(primary.stamp());
        if (copy != primary) {
            storageKeys.add(CacheKey.variantKey(key, copy.entry().variant()));
            expected.add(copy.stamp());
        }
        CacheEntry entry = copy.entry();
        return store.stateStampedAsync(entry.key(), entry.tokens(), storageKeys).map(current -> {
            if (!expected.equals(current.stamps())) {
                l1.invalidateStorageKeys(storageKeys);
                return null;
            }
            return new Found(entry, EntryValidity.judge(entry, current.state(), clock.millis()));
        });
    }

    /** GET of the entry (with its stamp, same round trip), then one MGET of its state. */
    private Uni<Found> fromRedis(ClientRequest request, L1Cache l1,
            Function<String, Uni<EntryStore.StampedEntry>> entryRead) {
        long epoch = l1.epoch(request.key());
        // entryRead drops the key from L1 itself when Redis has no entry (RegionFill#readOrTake)
        Uni<EntryStore.StampedEntry> first = entryRead == null ? read(request.key()) : entryRead.apply(request.key());
        return first.flatMap(primary -> {
            if (primary.entry() == null) {
                return Uni.createFrom().item(Found.MISS);
            }
            CacheEntry entry = primary.entry();
            if (!entry.vary().isEmpty()) {
                if (entry.vary().contains("*")) {
                    return Uni.createFrom().item(Found.MISS);
                }
                String variant = VaryKey.variant(entry.vary(), request::header);
                if (!variant.equals(entry.variant())) {
                    return read(CacheKey.variantKey(request.key(), variant)).flatMap(served -> {
                        if (served.entry() == null || !variant.equals(served.entry().variant())) {
                            return Uni.createFrom().item(Found.MISS);
                        }
                        return judged(request, l1, primary, served, epoch);
                    });
                }
            }
            return judged(request, l1, primary, primary, epoch);
        });
    }

    /** One MGET of the state of {@code served} (and of the primary, which tells L1 what the key varies on). */
    private Uni<Found> judged(ClientRequest request, L1Cache l1, EntryStore.StampedEntry primary,
            EntryStore.StampedEntry served, long epoch) {
        CacheEntry entry = served.entry();
        long now = clock.millis();
        if (!l1.enabled()) {
            return store.stateAsync(entry.key(), entry.tokens())
                    .map(state -> new Found(entry, EntryValidity.judge(entry, state, now)));
        }
        Set<String> tokens = new LinkedHashSet<>(entry.tokens());
        tokens.addAll(primary.entry().tokens());
        return store.stateAsync(entry.key(), List.copyOf(tokens)).map(state -> {
            Validity validity = EntryValidity.judge(entry, state, now);
            keepIfFresh(l1, request.key(), primary, state, now, epoch);
            if (served != primary) {
                keepIfFresh(l1, served.entry().storageKey(), served, state, now, epoch);
            }
            return new Found(entry, validity);
        });
    }

    private static void keepIfFresh(L1Cache l1, String storageKey, EntryStore.StampedEntry read, TokenState state,
            long now, long epoch) {
        if (EntryValidity.judge(read.entry(), state, now) == Validity.FRESH) {
            l1.put(storageKey, read.entry(), read.stamp(), epoch);
        }
    }

    private Uni<EntryStore.StampedEntry> read(String storageKey) {
        if (!store.l1().enabled()) {
            return store.getAsync(storageKey).map(e -> new EntryStore.StampedEntry(e, null));
        }
        return store.getStampedAsync(storageKey).invoke(stamped -> {
            if (stamped.entry() == null) {
                store.l1().invalidate(storageKey);
            }
        });
    }
}
