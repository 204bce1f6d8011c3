package dev.edgesync.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The in-process L1 in front of the region's Redis: decoded entries by storage key (key, or variant key), each
 * with the stamp ({@code es:<storage key>}) it was stored with. An L1 entry is never served on its own: every
 * use is validated in one MGET against the entry's tokens, minimum versions and the stamps (see
 * {@code CacheLookup}), because another replica of the region may have applied an invalidation or replaced the
 * entry. Bounded by body bytes, expires a short while after it was loaded.
 */
@ApplicationScoped
public class L1Cache {

    /** A decoded entry and the stamp it was read with (atomically, in the same MGET). */
    public record Stamped(CacheEntry entry, String stamp) {
    }

    /** Per-entry overhead counted by the weigher besides the body (headers, snapshot, object headers). */
    static final int OVERHEAD = 512;

    private final boolean enabled;
    private final Cache<String, Stamped> cache;
    private final Counter hits;

    @Inject
    public L1Cache(@ConfigProperty(name = "edgesync.cache.l1.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "edgesync.cache.l1.max-bytes", defaultValue = "67108864") long maxBytes,
            @ConfigProperty(name = "edgesync.cache.l1.max-age", defaultValue = "30s") Duration maxAge,
            MeterRegistry registry) {
        this.enabled = enabled && maxBytes > 0 && !maxAge.isZero() && !maxAge.isNegative();
        this.cache = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((String k, Stamped v) -> weight(k, v))
                .expireAfterWrite(maxAge.isNegative() ? Duration.ZERO : maxAge)
                .build();
        this.hits = Counter.builder("edgesync.l1.hits")
                .description("Lookups answered from the in-process L1 (validated by one Redis MGET, no entry GET)")
                .register(registry == null ? Metrics.globalRegistry : registry);
    }

    /** A disabled or standalone L1 (tests, another replica's store). */
    public static L1Cache standalone(boolean enabled, long maxBytes, Duration maxAge) {
        return new L1Cache(enabled, maxBytes, maxAge, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    static int weight(String key, Stamped v) {
        long w = (long) OVERHEAD + key.length() * 2L + (v.entry().body() == null ? 0 : v.entry().body().length);
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    public boolean enabled() {
        return enabled;
    }

    public Stamped get(String storageKey) {
        return enabled ? cache.getIfPresent(storageKey) : null;
    }

    /** Remembers {@code entry} read from {@code storageKey} with {@code stamp}; nothing when the stamp is unknown. */
    public void put(String storageKey, CacheEntry entry, String stamp) {
        if (enabled && entry != null && stamp != null && !stamp.isEmpty()) {
            cache.put(storageKey, new Stamped(entry, stamp));
        }
    }

    public void invalidate(String storageKey) {
        if (enabled) {
            cache.invalidate(storageKey);
        }
    }

    /** Drops the entries of the primary keys {@code keys}, with every variant of them. */
    public void invalidateKeys(Collection<String> keys) {
        if (!enabled || keys.isEmpty()) {
            return;
        }
        java.util.Set<String> set = new java.util.HashSet<>(keys);
        for (String key : set) {
            cache.invalidate(key);
        }
        cache.asMap().keySet().removeIf(k -> {
            int i = k.indexOf(CacheKey.VARIANT_SEPARATOR);
            return i > 0 && set.contains(k.substring(0, i));
        });
    }

    public void recordHit() {
        hits.increment();
    }

    public double hits() {
        return hits.count();
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    long weightedSize() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }
}
