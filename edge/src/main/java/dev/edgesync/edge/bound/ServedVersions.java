package dev.edgesync.edge.bound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions this replica answered, per key: the floor below which the replica must not answer that key again,
 * since a region never goes back to an older version than it has served. A version answered while the region's
 * Redis could not be reached (straight from the origin) is pending until it was written back to Redis as a minimum
 * version (so the region's other replicas and the stored copies respect it too). A floor is kept {@code keepMs}
 * after it was set or written back. Bounded to {@code maxKeys} (oldest first out). Plain code, time as a parameter; not
 * thread-safe (the owner synchronizes).
 */
public final class ServedVersions {
    private record Served(long version, boolean writtenBack, long since) {
    }

    /** A version still to write back to Redis. */
    public record Pending(String key, long version) {
    }

    private final int maxKeys;
    private final long keepMs;
    private final LinkedHashMap<String, Served> byKey;
    private int pendingCount;

    public ServedVersions(int maxKeys, long keepMs) {
        this.maxKeys = maxKeys;
        this.keepMs = keepMs;
        this.byKey = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Served> eldest) {
                boolean out = size() > ServedVersions.this.maxKeys;
                if (out && !eldest.getValue().writtenBack()) {
                    pendingCount--;
                }
                return out;
            }
        };
    }

    /** {@code key} was answered at {@code version} without the store at {@code now}: a floor to write back. */
    public void served(String key, long version, long now) {
        served(key, version, now, true);
    }

    /**
     * {@code key} was answered at {@code version} at {@code now}; {@code fromOrigin}: without the store (the version
     * is to be written back to Redis), else from or into the store (a floor for this replica only: a Redis that
     * lost data, restarted from an older snapshot, must not take it back).
     */
    public void served(String key, long version, long now, boolean fromOrigin) {
        Served old = byKey.get(key);
        if (old == null || version > old.version()) {
            boolean wasPending = old != null && !old.writtenBack();
            if (wasPending != fromOrigin) {
                pendingCount += fromOrigin ? 1 : -1;
            }
            byKey.put(key, new Served(version, !fromOrigin, now));
        }
    }

    /** The lowest version this replica may still answer for {@code key}; 0 when it has no floor. */
    public long floor(String key, long now) {
        Served s = byKey.get(key);
        if (s == null) {
            return 0;
        }
        if (s.writtenBack() && now - s.since() > keepMs) {
            byKey.remove(key);
            return 0;
        }
        return s.version();
    }

    /** Whether a copy at {@code version} may answer {@code key}. */
    public boolean answerable(String key, long version, long now) {
        return version >= floor(key, now);
    }

    public List<Pending> pending() {
        List<Pending> out = new ArrayList<>(pendingCount);
        if (pendingCount == 0) {
            return out;
        }
        byKey.forEach((key, s) -> {
            if (!s.writtenBack()) {
                out.add(new Pending(key, s.version()));
            }
        });
        return out;
    }

    /** {@code version} of {@code key} is now a minimum version in Redis. */
    public void writtenBack(String key, long version, long now) {
        Served s = byKey.get(key);
        if (s != null && s.version() == version && !s.writtenBack()) {
            byKey.put(key, new Served(version, true, now));
            pendingCount--;
        }
    }

    public int size() {
        return byKey.size();
    }
}
