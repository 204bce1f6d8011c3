package dev.edgesync.edge.invalidation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * How far one partition of the invalidation topic has been applied by this replica: the {@code issuedAt} of the
 * latest heartbeat before which every record of the partition was applied. The relay sends a heartbeat only after
 * every earlier event of its partition was written, so every invalidation issued before that moment is applied.
 *
 * <p>Records arrive in offset order; events are applied later, in any order (each waits for its own due time).
 */
public final class PartitionProgress {
    private final TreeSet<Long> pending = new TreeSet<>();
    /** Heartbeats (offset, issuedAt) still behind a pending event, oldest first. */
    private final Deque<long[]> waiting = new ArrayDeque<>();
    private long appliedUpTo = Long.MIN_VALUE;

    /** An event at {@code offset} was received and will be applied. */
    public synchronized void received(long offset) {
        pending.add(offset);
    }

    /**
     * The event at {@code offset} was applied (or given up: dead-lettered).
     *
     * @return true when this raised {@link #appliedUpTo()}
     */
    public synchronized boolean applied(long offset) {
        pending.remove(offset);
        return release();
    }

    /**
     * A heartbeat stamped {@code issuedAt} was read at {@code offset}.
     *
     * @return true when this raised {@link #appliedUpTo()}
     */
    public synchronized boolean heartbeat(long offset, long issuedAt) {
        waiting.addLast(new long[] {offset, issuedAt});
        return release();
    }

    /** Every invalidation issued up to this moment is applied; empty before the first heartbeat counts. */
    public synchronized OptionalLong appliedUpTo() {
        return appliedUpTo == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(appliedUpTo);
    }

    private boolean release() {
        long before = appliedUpTo;
        long oldestPending = pending.isEmpty() ? Long.MAX_VALUE : pending.first();
        while (!waiting.isEmpty() && waiting.peekFirst()[0] < oldestPending) {
            appliedUpTo = Math.max(appliedUpTo, waiting.pollFirst()[1]);
        }
        return appliedUpTo > before;
    }
}
