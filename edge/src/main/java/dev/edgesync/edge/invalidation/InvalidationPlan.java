package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Redis writes one event turns into in a region whose strategy is {@code strategy}: O(keys + tags +
 * prefixes), never O(cached objects).
 *
 * <p>{@code event.mode().removesIn(strategy)} decides: removal bumps the hard generation of every token, raises
 * {@code mv:h} of every key and deletes the keys' entries; otherwise the soft generations and {@code mv:s}.
 *
 * @param generationKeys generation counters to stamp with a new region sequence value
 * @param minVersionKeys minimum-version keys to raise to {@code version} (never lowered); empty when version is 0
 * @param deleteKeys entries to delete
 */
public record InvalidationPlan(boolean removes, List<String> generationKeys, List<String> minVersionKeys,
        long version, List<String> deleteKeys) {

    public static InvalidationPlan of(InvalidationEvent event, Strategy strategy) {
        boolean removes = event.mode().removesIn(strategy);
        Set<String> tokens = new LinkedHashSet<>();
        event.keys().forEach(k -> tokens.add(CacheKey.keyToken(k)));
        event.tags().forEach(t -> tokens.add(CacheKey.tagToken(t)));
        event.prefixes().forEach(p -> tokens.add(CacheKey.prefixToken(p)));
        List<String> generationKeys = new ArrayList<>();
        for (String token : tokens) {
            generationKeys.add(removes ? RedisKeys.hard(token) : RedisKeys.soft(token));
        }
        List<String> minVersionKeys = new ArrayList<>();
        List<String> deleteKeys = new ArrayList<>();
        for (String key : new LinkedHashSet<>(event.keys())) {
            if (event.version() > 0) {
                minVersionKeys.add(removes ? RedisKeys.minVersionHard(key) : RedisKeys.minVersionSoft(key));
            }
            if (removes) {
                deleteKeys.add(RedisKeys.entry(key));
            }
        }
        return new InvalidationPlan(removes, generationKeys, minVersionKeys, event.version(), deleteKeys);
    }

    /** The {@code mode} label of the applied-invalidations meter: what the region actually did. */
    public String appliedMode() {
        return removes ? "hard" : "soft";
    }
}
