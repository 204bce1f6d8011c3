package dev.edgesync.edge.cache;

import io.vertx.core.buffer.Buffer;

/**
 * A decoded entry, the stamp it was read with (atomically, in the same MGET) and its body as a shared buffer
 * (direct memory: written to sockets without a copy), with a slot for what a reader derives from it once.
 */
public final class L1Copy {
    private final CacheEntry entry;
    private final String stamp;
    private final Buffer body;
    /** When this copy was read from (or last confirmed against) the region's Redis, epoch millis. */
    final long loadedAt;
    final java.util.concurrent.atomic.AtomicBoolean renewing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Object prepared;

    public L1Copy(CacheEntry entry, String stamp, Buffer body) {
        this(entry, stamp, body, System.currentTimeMillis(), null);
    }

    private L1Copy(CacheEntry entry, String stamp, Buffer body, long loadedAt, Object prepared) {
        this.entry = entry;
        this.stamp = stamp;
        this.body = body;
        this.loadedAt = loadedAt;
        this.prepared = prepared;
    }

    /** The same copy (entry, body, prepared answer) confirmed against Redis at {@code now}. */
    L1Copy confirmed(long now) {
        return new L1Copy(entry, stamp, body, now, prepared);
    }

    public long loadedAt() {
        return loadedAt;
    }

    public CacheEntry entry() {
        return entry;
    }

    public String stamp() {
        return stamp;
    }

    public Buffer body() {
        return body;
    }

    /**
     * What {@code build} derives from this copy, built on first use and kept as long as the copy (the copy never
     * changes; two racing first uses build twice, one result is kept). One reader kind per L1.
     */
    @SuppressWarnings("unchecked")
    public <T> T prepared(java.util.function.Function<L1Copy, T> build) {
        Object p = prepared;
        if (p == null) {
            p = build.apply(this);
            prepared = p;
        }
        return (T) p;
    }
}
