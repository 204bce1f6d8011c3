package dev.edgesync.edge.bound;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Since when a stored copy has been stale because of an invalidation, as this replica knows it: the apply times of
 * the soft invalidations it applied (per key and minimum version, per tag or prefix token), else the first time
 * it found the copy stale while its HTTP freshness had not run out (another replica applied the invalidation, or
 * this one restarted since). Bounded ({@code maxKeys} of each kind, oldest out). Plain code, time as a parameter;
 * not thread-safe (the owner synchronizes).
 */
public final class StaleClock {
    /** No invalidation is known to have made the copy stale (stale by age only). */
    public static final long UNKNOWN = Long.MIN_VALUE;
    private static final int VERSIONS_PER_KEY = 4;

    private record Applied(long version, long at) {
    }

    private final Map<String, Deque<Applied>> keyVersions;
    private final Map<String, Long> tokens;
    private final Map<String, Long> firstSeen;

    public StaleClock(int maxKeys) {
        this.keyVersions = bounded(maxKeys);
        this.tokens = bounded(maxKeys);
        this.firstSeen = bounded(maxKeys);
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    /** A soft invalidation raised {@code key}'s minimum version to {@code version} at {@code at}. */
    public void versionApplied(String key, long version, long at) {
        Deque<Applied> applied = keyVersions.computeIfAbsent(key, k -> new ArrayDeque<>());
        for (Applied a : applied) {
            if (a.version() >= version) {
                return; // a duplicate or reordered event: the copy has been stale since the earlier one
            }
        }
        applied.addLast(new Applied(version, at));
        if (applied.size() > VERSIONS_PER_KEY) {
            applied.removeFirst();
        }
    }

    /** A soft invalidation of {@code token} (tag, prefix or unversioned key) was applied at {@code at}. */
    public void tokenApplied(String token, long at) {
        tokens.put(token, at);
    }

    /**
     * Since when the copy ({@code storageKey} of {@code key} at {@code version}, stored at {@code storedAt}, depending
     * on {@code tokens}), judged stale now, has been stale through an invalidation; {@link #UNKNOWN} when stale by
     * age only ({@code now >= freshUntil} and no invalidation known).
     */
    public long staleSince(String key, String storageKey, long version, long storedAt, long freshUntil,
            List<String> copyTokens, long now) {
        long since = knownSince(key, version, storedAt, copyTokens);
        if (since == UNKNOWN && now < freshUntil) {
            since = firstSeen(storageKey, version, storedAt, now);
        }
        return since;
    }

    /** The earliest applied invalidation this clock knows that made the copy stale, or {@link #UNKNOWN}. */
    public long knownSince(String key, long version, long storedAt, List<String> copyTokens) {
        long since = Long.MAX_VALUE;
        for (Applied a : keyVersions.getOrDefault(key, new ArrayDeque<>())) {
            if (a.version() > version) {
                since = Math.min(since, a.at());
            }
        }
        for (String token : copyTokens) {
            Long at = tokens.get(token);
            if (at != null && at >= storedAt) {
                since = Math.min(since, at);
            }
        }
        return since == Long.MAX_VALUE ? UNKNOWN : since;
    }

    /** The first time this clock was asked about the copy: the fallback when no invalidation is known. */
    public long firstSeen(String storageKey, long version, long storedAt, long now) {
        return firstSeen.computeIfAbsent(storageKey + "@" + version + "/" + storedAt, c -> now);
    }
}
