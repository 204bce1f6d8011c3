package dev.edgesync.edge.warming;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Recent reads per cache key: at most {@code capacity} keys (a new key is ignored while full), counts halved by
 * {@link #age()} so that "recent" fades. Thread-safe; {@link #read} is cheap enough for the hit path.
 */
public final class HotKeys {
    private final int capacity;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public HotKeys(int capacity) {
        this.capacity = capacity;
    }

    public void read(String key) {
        AtomicLong count = counts.get(key);
        if (count == null) {
            if (counts.size() >= capacity) {
                return;
            }
            count = counts.computeIfAbsent(key, k -> new AtomicLong());
        }
        count.incrementAndGet();
    }

    /** Halves every count and forgets keys that reach zero. */
    public void age() {
        counts.entrySet().removeIf(e -> e.getValue().updateAndGet(c -> c / 2) == 0);
    }

    /** The {@code n} most read keys that {@code affected} accepts, most read first. */
    public List<String> hottest(Predicate<String> affected, int n) {
        return counts.entrySet().stream()
                .filter(e -> affected.test(e.getKey()))
                .sorted(Comparator.comparingLong((Map.Entry<String, AtomicLong> e) -> e.getValue().get()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(n)
                .map(Map.Entry::getKey)
                .toList();
    }

    public int size() {
        return counts.size();
    }
}
