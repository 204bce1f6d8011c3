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
 * <p>{@code event.mode().removesIn(strategy)} decides: removal bumps hard generations, raises {@code mv:h} and
 * deletes entries; otherwise soft generations and {@code mv:s}.
 *
 * <p>A versioned event (a content change) invalidates its keys by version only: it raises the keys' minimum
 * version, which makes every copy older than the event invalid (or stale) at lookup, and leaves a copy that is
 * already as new alone. So a late, duplicate or reordered event never evicts fresh content. An unversioned event
 * (a purge) invalidates its keys unconditionally: key generation bump, and deletion when it removes. Tags and
 * prefixes carry no version and always bump their generations.
 *
 * @param generationKeys generation counters to stamp with a new region sequence value
 * @param minVersionKeys minimum-version keys to raise to {@code version} (never lowered); empty when version is 0
 * @param deleteKeys entries to delete
 */
public record InvalidationPlan(boolean removes, List<String> generationKeys, List<String> minVersionKeys,
        long version, List<String> deleteKeys) {

    public static InvalidationPlan of(InvalidationEvent event, Strategy strategy) {
        boolean removes = event.mode().removesIn(strategy);
        boolean versioned = event.version() > 0;
        Set<String> tokens = new LinkedHashSet<>();
        if (!versioned) {
            event.keys().forEach(k -> tokens.add(CacheKey.keyToken(k)));
        }
        event.tags().forEach(t -> tokens.add(CacheKey.tagToken(t)));
        for (String prefix : event.prefixes()) {
            tokens.add(CacheKey.prefixToken(prefix));
            if (prefix.length() > 1 && prefix.endsWith("/")) {
                // the path itself too, at the segment boundary: "/a/b/" covers "/a/b" and "/a/b?q", not "/a/bc"
                tokens.add(CacheKey.prefixToken(prefix.substring(0, prefix.length() - 1)));
            }
        }
        List<String> generationKeys = new ArrayList<>();
        for (String token : tokens) {
            generationKeys.add(removes ? RedisKeys.hard(token) : RedisKeys.soft(token));
        }
        List<String> minVersionKeys = new ArrayList<>();
        List<String> deleteKeys = new ArrayList<>();
        for (String key : new LinkedHashSet<>(event.keys())) {
            if (versioned) {
                minVersionKeys.add(removes ? RedisKeys.minVersionHard(key) : RedisKeys.minVersionSoft(key));
            } else if (removes) {
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
