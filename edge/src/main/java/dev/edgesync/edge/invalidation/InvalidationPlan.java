package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one event does in a region whose strategy is {@code strategy} (pure; {@link InvalidationStore} turns it into
 * Redis writes): O(keys + tags + prefixes), never O(cached objects).
 *
 * <p>{@code event.mode().removesIn(strategy)} decides: removal bumps hard generations, raises the hard minimum
 * version and deletes entries; otherwise soft generations and the soft minimum version.
 *
 * <p>A versioned event (a content change) invalidates its keys by version only: it raises the keys' minimum
 * version, which makes every copy older than the event invalid (or stale) at lookup, and leaves a copy that is
 * already as new alone. So a late, duplicate or reordered event never evicts fresh content. An unversioned event
 * (a purge) invalidates its keys unconditionally: key generation bump, and deletion when it removes. Tags and
 * prefixes carry no version and always bump their generations.
 *
 * @param tokens tokens ({@link CacheKey#keyToken}, tag, prefix) whose generation is stamped with a new region
 *        sequence value (hard when {@code removes}, else soft)
 * @param versionedKeys keys whose minimum version is raised to {@code version} (never lowered); empty when version is 0
 * @param deletedKeys keys whose entry is deleted
 */
public record InvalidationPlan(boolean removes, List<String> tokens, List<String> versionedKeys,
        long version, List<String> deletedKeys) {

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
        List<String> versionedKeys = new ArrayList<>();
        List<String> deletedKeys = new ArrayList<>();
        for (String key : new LinkedHashSet<>(event.keys())) {
            if (versioned) {
                versionedKeys.add(key);
            } else if (removes) {
                deletedKeys.add(key);
            }
        }
        return new InvalidationPlan(removes, List.copyOf(tokens), versionedKeys, event.version(), deletedKeys);
    }

    /** The hard minimum version of {@code key} raised to {@code version} (an outage's served versions written back). */
    public static InvalidationPlan minimumVersion(String key, long version) {
        return new InvalidationPlan(true, List.of(), List.of(key), version, List.of());
    }

    /** The {@code mode} label of the applied-invalidations meter: what the region actually did. */
    public String appliedMode() {
        return removes ? "hard" : "soft";
    }
}
