package dev.edgesync.origin.outbox;

import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The start times of writes that may still commit an outbox event, so the relay knows a moment before which no
 * event can appear any more. A write calls {@link #begin()} before it takes its events' {@code issuedAt} and
 * {@link #end(long)} once its transaction has completed (committed or rolled back).
 *
 * <p>Because {@link #begin()} and {@link #floor()} read the clock under the same lock, a write that begins after a
 * floor was taken starts at or after that floor, and so do its events' {@code issuedAt}.
 */
public final class OpenWrites {
    private final LongSupplier clock;
    private final TreeMap<Long, Integer> open = new TreeMap<>();

    public OpenWrites(LongSupplier clock) {
        this.clock = clock;
    }

    /** Registers a write starting now; returns its start time, the earliest {@code issuedAt} it may use. */
    public synchronized long begin() {
        long now = clock.getAsLong();
        open.merge(now, 1, Integer::sum);
        return now;
    }

    /** The write that began at {@code started} has committed or rolled back. */
    public synchronized void end(long started) {
        open.computeIfPresent(started, (t, n) -> n == 1 ? null : n - 1);
    }

    /**
     * A moment such that every event with {@code issuedAt} before it belongs to a write that completed before
     * this call: the current time, or the start of the oldest write still open if that is earlier.
     */
    public synchronized long floor() {
        long now = clock.getAsLong();
        return open.isEmpty() ? now : Math.min(now, open.firstKey());
    }
}
