package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link L1Cache}'s reverse index: from each token ({@code key:}/{@code tag:}/{@code prefix:}) and each primary key to
 * the storage keys whose copy depends on it, so that an invalidation costs the copies it names, not a scan of L1.
 * A superset is harmless (dropping a copy that is gone does nothing); a missing name would leave a copy behind, so
 * L1 adds a copy's names before it checks the invalidation epoch, and removes them inside the copy's own removal.
 */
final class L1Index {
    /** Index name of a primary key (its minimum versions reach every variant). */
    private static final String KEY_MARK = "=";

    /**
     * Name to the storage keys under it: a {@code String} while there is one (most names: a key's own
     * {@code key:} token and primary key name), a concurrent {@code Set<String>} from the second on. A set per name
     * held a quarter of a small copy's heap. Each value changes only inside its name's atomic compute.
     */
    private final Map<String, Object> byName = new ConcurrentHashMap<>();

    void add(String storageKey, CacheEntry entry) {
        for (String name : names(entry)) {
            byName.compute(name, (n, held) -> {
                if (held == null) {
                    return storageKey;
                }
                if (held instanceof String one) {
                    if (one.equals(storageKey)) {
                        return one;
                    }
                    Set<String> two = ConcurrentHashMap.newKeySet();
                    two.add(one);
                    two.add(storageKey);
                    return two;
                }
                keys(held).add(storageKey);
                return held;
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> keys(Object held) {
        return (Set<String>) held;
    }

    /** Removes {@code storageKey} from the names of {@code gone} that {@code kept} (may be null) lacks. */
    void remove(String storageKey, CacheEntry gone, CacheEntry kept) {
        List<String> keep = kept == null ? List.of() : names(kept);
        for (String name : names(gone)) {
            if (!keep.contains(name)) {
                byName.computeIfPresent(name, (n, held) -> {
                    if (held instanceof String one) {
                        return one.equals(storageKey) ? null : one;
                    }
                    Set<String> set = keys(held);
                    set.remove(storageKey);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    /** The storage keys whose copy depends on {@code token} (a snapshot). */
    List<String> dependingOn(String token) {
        return snapshot(byName.get(token));
    }

    /** The storage keys of primary key {@code key}: the key and every variant of it (a snapshot). */
    List<String> dependingOnKey(String key) {
        return dependingOn(KEY_MARK + key);
    }

    /** Every storage key indexed (a snapshot; each copy is under its primary key at least). */
    List<String> all() {
        List<String> all = new ArrayList<>();
        for (Object held : List.copyOf(byName.values())) {
            all.addAll(snapshot(held));
        }
        return all;
    }

    private static List<String> snapshot(Object held) {
        if (held == null) {
            return List.of();
        }
        return held instanceof String one ? List.of(one) : List.copyOf(keys(held));
    }

    /** Names held. */
    int size() {
        return byName.size();
    }

    private static List<String> names(CacheEntry entry) {
        List<String> names = new ArrayList<>(entry.tokens());
        names.add(KEY_MARK + entry.key());
        return names;
    }
}
