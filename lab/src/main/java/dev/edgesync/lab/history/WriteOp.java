package dev.edgesync.lab.history;

/**
 * One write at the origin as the client saw it: item {@code item} reached {@code version}; the
 * request started at {@code start} and its response arrived at {@code end} (epoch ms, client clock).
 * The commit happened between the two, so {@code end} is an upper bound of the commit time.
 */
public record WriteOp(String item, long version, long start, long end) {
    public WriteOp {
        if (end < start) {
            throw new IllegalArgumentException("write ends before it starts: " + start + ".." + end);
        }
    }

    /** The time the lab treats as commit time: the latest it can have been. */
    public long commitTime() {
        return end;
    }
}
