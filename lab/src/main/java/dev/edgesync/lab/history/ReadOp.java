package dev.edgesync.lab.history;

/**
 * One read through an edge: which region and simulated client, which item, when it started and ended
 * (epoch ms, client clock), the HTTP status, the version in {@code X-Content-Version} (-1 when
 * absent) and {@code X-Cache}. {@code probe} marks the lab's own convergence probes, which the
 * checker checks like any read but the workload statistics leave out.
 */
public record ReadOp(String region, String client, String item, long start, long end, int status, long version,
        String xCache, boolean probe) {
    public ReadOp {
        if (end < start) {
            throw new IllegalArgumentException("read ends before it starts: " + start + ".." + end);
        }
    }

    public boolean stale() {
        return "STALE".equals(xCache);
    }

    /** A successful read that says which version it served. */
    public boolean served() {
        return status == 200 && version >= 0;
    }

    public long latency() {
        return end - start;
    }
}
