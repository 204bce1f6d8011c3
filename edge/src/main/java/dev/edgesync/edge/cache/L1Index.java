package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.Collection;
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

    private final Map<String, Set<String>> byName = new ConcurrentHashMap<>();

    void add(String storageKey, CacheEntry entry) {
        for (String name : names(entry)) {
            byName.compute(name, (n, set) -> {
                Set<String> s = set == null ? ConcurrentHashMap.newKeySet() : set;
                s.add(storageKey);
                return s;
            });
        }
    }

    /** Removes {@code storageKey} from the names of {@code gone} that {@code kept} (may be null) lacks. */
    void remove(String storageKey, CacheEntry gone, CacheEntry kept) {
        List<String> keep = kept == null ? List.of() : names(kept);
        for (String name : names(gone)) {
            if (!keep.contains(name)) {
                byName.computeIfPresent(name, (n, set) -> {
                    set.remove(storageKey);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    /** The storage keys whose copy depends on {@code token} (a snapshot). */
    List<String> dependingOn(String token) {
        Set<String> storageKeys = byName.get(token);
        return storageKeys == null ? List.of() : List.copyOf(storageKeys);
    }

    /** The storage keys of primary key {@code key}: the key and every variant of it (a snapshot). */
    List<String> dependingOnKey(String key) {
        return dependingOn(KEY_MARK + key);
    }

    /** Every storage key indexed (a snapshot; each copy is under its primary key at least). */
    List<String> all() {
        List<String> all = new ArrayList<>();
        for (Collection<String> storageKeys : List.copyOf(byName.values())) {
            all.addAll(List.copyOf(storageKeys));
        }
        return all;
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
