package dev.edgesync.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The in-process L1 in front of the region's Redis: decoded entries by storage key (key, or variant key), each
 * with the stamp ({@code es:<storage key>}) it was stored with and its body as a shared Vert.x {@link Buffer}.
 *
 * <p>Only entries judged valid against the region's Redis go in. They leave when the region's coherence feed
 * ({@link RegionCoherence}) names them: by storage key (a replica rewrote or deleted it), by primary key (its
 * minimum versions rose) or by token (a key:/tag:/prefix: generation was bumped). Tokens and primary keys are found
 * through a reverse index kept beside the entries, so a tag purge costs the entries it names, not a scan of L1.
 *
 * <p>The load race: an entry read from Redis before an invalidation message arrived may predate that invalidation.
 * {@link #epoch} counts the messages; {@link #put} refuses the entry when the count moved since the caller read
 * it (taken before its Redis reads).
 */
@ApplicationScoped
public class L1Cache {

    private final boolean enabled;
    /** Half the L1 life: a copy still in use after this long is confirmed against Redis ({@link #claimRenewal}). */
    private final long renewAfterMs;
    private final Cache<String, L1Copy> cache;
    private final LongAdder hits = new LongAdder();
    /**
     * Stripes of primary keys for {@link #epoch}: a fill refuses its copy when a write to any key of its stripe was
     * announced meanwhile. Every fill announces its own write, so with 256 stripes and dozens of fills in flight
     * one fill in ten lost its copy to an unrelated key and its waiters went to Redis; 16,384 (128 KiB) make that rare.
     */
    private static final int STRIPES = 1 << 14;

    private final L1Index index = new L1Index();
    /** Bumped by token and whole-L1 invalidations. */
    private final AtomicLong epoch = new AtomicLong();
    /** Bumped by key and storage-key invalidations, per stripe of primary keys (a fill elsewhere refuses nothing). */
    private final java.util.concurrent.atomic.AtomicLongArray stripes = new java.util.concurrent.atomic.AtomicLongArray(STRIPES);

    @Inject
    public L1Cache(@ConfigProperty(name = "edgesync.cache.l1.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "edgesync.cache.l1.max-bytes", defaultValue = "67108864") long maxBytes,
            @ConfigProperty(name = "edgesync.cache.l1.max-age", defaultValue = "30s") Duration maxAge,
            MeterRegistry registry) {
        this.enabled = enabled && maxBytes > 0 && !maxAge.isZero() && !maxAge.isNegative();
        this.renewAfterMs = Math.max(1, maxAge.toMillis() / 2);
        this.cache = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((String k, L1Copy v) -> L1Weight.of(k, v))
                // maintenance (eviction, its listener) on the calling event loop: no hand-off to the common pool,
                // whose wake-ups cost a miss more than the work itself (a context switch per write)
                .executor(Runnable::run)
                .expireAfterWrite(maxAge.isNegative() ? Duration.ZERO : maxAge)
                // runs inside the atomic removal of the key, like every other index change of that key
                .evictionListener((String k, L1Copy v, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (k != null && v != null) {
                        index.remove(k, v.entry(), null);
                    }
                })
                .build();
        // a plain adder read at scrape time: an increment costs no meter-registry dispatch on the hit path
        FunctionCounter.builder("edgesync.l1.hits", hits, LongAdder::sum)
                .description("Lookups answered from the in-process L1")
                .register(registry == null ? Metrics.globalRegistry : registry);
    }

    /** A disabled or standalone L1 (tests, another replica's store). */
    public static L1Cache standalone(boolean enabled, long maxBytes, Duration maxAge) {
        return new L1Cache(enabled, maxBytes, maxAge, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /**
     * The body in direct memory (a JDK buffer, freed by the garbage collector with the copy, never by a release):
     * a heap body would be copied into a direct buffer by Netty on every write.
     */
    static Buffer directBuffer(byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        return Buffer.buffer(io.netty.buffer.Unpooled.unreleasableBuffer(io.netty.buffer.Unpooled.wrappedBuffer(direct)));
    }

    public boolean enabled() {
        return enabled;
    }

    public L1Copy get(String storageKey) {
        return enabled ? cache.getIfPresent(storageKey) : null;
    }

    /**
     * The count of invalidations seen so far that can reach the entries of primary key {@code key}: take it before
     * reading the entries that {@link #put} may keep.
     */
    public long epoch(String key) {
        return epoch.get() + stripes.get(stripe(key));
    }

    private static int stripe(String key) {
        int i = key.indexOf(CacheKey.VARIANT_SEPARATOR);
        String primary = i > 0 ? key.substring(0, i) : key;
        return primary.hashCode() & (STRIPES - 1);
    }

    /**
     * Remembers {@code entry} read from {@code storageKey} with {@code stamp}, unless an invalidation arrived since
     * {@code readEpoch} (then the entry may predate it) or the stamp is unknown.
     *
     * @return true when kept
     */
    public boolean put(String storageKey, CacheEntry entry, String stamp, long readEpoch) {
        if (!enabled || entry == null || stamp == null || stamp.isEmpty()) {
            return false;
        }
        L1Copy fresh = new L1Copy(entry, stamp, directBuffer(entry.body()));
        boolean[] kept = {false};
        cache.asMap().compute(storageKey, (k, old) -> {
            // index first, then check the epoch: an invalidation that bumps it later finds this key in the index
            index.add(k, entry);
            if (epoch(entry.key()) != readEpoch) {
                index.remove(k, fresh.entry(), old == null ? null : old.entry());
                return old;
            }
            if (old != null) {
                index.remove(k, old.entry(), entry);
            }
            kept[0] = true;
            return fresh;
        });
        return kept[0];
    }

    /**
     * True once per copy, for the first caller that finds {@code copy} in use past half its L1 life: that caller
     * confirms it against Redis ({@link #renew}) while the copy goes on answering. Without it every copy in use
     * leaves L1 at its max-age, and all requests for it meanwhile take the read path at once (a latency spike).
     */
    public boolean claimRenewal(L1Copy copy, long now) {
        return enabled && now - copy.loadedAt >= renewAfterMs && !copy.renewing.get()
                && copy.renewing.compareAndSet(false, true);
    }

    /**
     * Keeps {@code copy} under {@code storageKey} for another max-age, as if read from Redis at {@code now}: only when
     * it is still the copy held and no invalidation that can reach it arrived since {@code readEpoch} ({@link #epoch},
     * taken before the Redis read that confirmed its stamp).
     *
     * @return true when renewed
     */
    public boolean renew(String storageKey, L1Copy copy, long readEpoch, long now) {
        // an invalidation bumps the epoch before it drops, and a drop removes whatever copy is held: one that bumps
        // after this check either finds the renewed copy or makes the replace (identity) fail
        return enabled && epoch(copy.entry().key()) == readEpoch
                && cache.asMap().replace(storageKey, copy, copy.confirmed(now));
    }

    /** Drops storage keys (rewritten or deleted in Redis). */
    public void invalidate(String storageKey) {
        invalidateStorageKeys(List.of(storageKey));
    }

    public void invalidateStorageKeys(Collection<String> storageKeys) {
        storageKeys.forEach(k -> stripes.incrementAndGet(stripe(k)));
        if (enabled) {
            storageKeys.forEach(this::drop);
        }
    }

    /**
     * Storage keys rewritten in Redis with {@code stamp}: dropped like {@link #invalidateStorageKeys}, except a copy
     * already holding that stamp (this replica's own fill, put before its write).
     */
    public void rewritten(Collection<String> storageKeys, String stamp) {
        storageKeys.forEach(k -> stripes.incrementAndGet(stripe(k)));
        if (enabled) {
            storageKeys.forEach(k -> cache.asMap().computeIfPresent(k, (key, v) -> {
                if (stamp.equals(v.stamp())) {
                    return v;
                }
                index.remove(key, v.entry(), null);
                return null;
            }));
        }
    }

    /** Drops the entries of the primary keys {@code keys}, with every variant of them. */
    public void invalidateKeys(Collection<String> keys) {
        keys.forEach(k -> stripes.incrementAndGet(stripe(k)));
        if (enabled) {
            for (String key : keys) {
                drop(key);
                dropAll(index.dependingOnKey(key));
            }
        }
    }

    /** Drops every entry depending on one of {@code tokens} (key:/tag:/prefix:). */
    public void invalidateTokens(Collection<String> tokens) {
        epoch.incrementAndGet();
        if (enabled) {
            tokens.forEach(t -> dropAll(index.dependingOn(t)));
        }
    }

    /** Drops everything (the feed was interrupted: some invalidations may have been missed). */
    public void invalidateAll() {
        epoch.incrementAndGet();
        // through the index (every entry is under its =key): a put that passed its epoch check is found there
        dropAll(index.all());
    }

    private void dropAll(Collection<String> storageKeys) {
        storageKeys.forEach(this::drop);
    }

    private void drop(String storageKey) {
        cache.asMap().computeIfPresent(storageKey, (k, v) -> {
            index.remove(k, v.entry(), null);
            return null;
        });
    }

    /**
     * The copy answering a request for {@code key} whose header values are {@code header} (lower-case names): the
     * entry under the key, or the variant the request selects when the entry varies. Null when L1 lacks it.
     */
    public L1Copy find(String key, java.util.function.Function<String, String> header) {
        L1Copy primary = get(key);
        if (primary == null) {
            return null;
        }
        CacheEntry entry = primary.entry();
        if (entry.vary().isEmpty()) {
            return primary;
        }
        if (entry.vary().contains("*")) {
            return null;
        }
        String variant = VaryKey.variant(entry.vary(), header);
        if (variant.equals(entry.variant())) {
            return primary;
        }
        L1Copy own = get(CacheKey.variantKey(key, variant));
        return own == null || !variant.equals(own.entry().variant()) ? null : own;
    }

    public void recordHit() {
        hits.increment();
    }

    public double hits() {
        return hits.sum();
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    long weightedSize() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /** Index names held (for tests: the index does not outgrow the entries). */
    int indexSize() {
        cache.cleanUp();
        return index.size();
    }
}
