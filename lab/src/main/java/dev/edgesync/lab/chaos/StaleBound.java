package dev.edgesync.lab.chaos;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.history.History;
import dev.edgesync.lab.history.ReadOp;
import dev.edgesync.lab.history.WriteOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the staleness bound the consistency checker lets pass: a lazy region may answer an
 * older version marked {@code STALE} only while one revalidation runs, so never when the read starts
 * more than {@code limitMs} after the newer version was due (commit + region delay). Pure code.
 */
public final class StaleBound {
    public static final long DEFAULT_LIMIT_MS = 2_000;

    private StaleBound() {
    }

    /** One STALE read past the limit, in words. */
    public record Breach(String region, String item, long servedVersion, long dueVersion, long lateByMs) {
        @Override
        public String toString() {
            return region + " item " + item + " served STALE v" + servedVersion + " " + lateByMs + " ms after v" + dueVersion
                    + " was due";
        }
    }

    public static List<Breach> breaches(History history, Map<String, RegionPolicy> policies, long limitMs) {
        Map<String, List<WriteOp>> writes = new HashMap<>();
        for (WriteOp w : history.writes()) {
            writes.computeIfAbsent(w.item(), i -> new ArrayList<>()).add(w);
        }
        List<Breach> out = new ArrayList<>();
        for (ReadOp read : history.reads()) {
            RegionPolicy policy = policies.get(read.region());
            if (policy == null || policy.strategy() != Strategy.LAZY || !read.served() || !read.stale()) {
                continue;
            }
            WriteOp newest = null;
            for (WriteOp w : writes.getOrDefault(read.item(), List.of())) {
                long due = w.commitTime() + policy.delayMs();
                if (w.version() > read.version() && read.start() - due > limitMs
                        && (newest == null || w.commitTime() < newest.commitTime())) {
                    newest = w; // the earliest-due newer write: the longest the region has been late
                }
            }
            if (newest != null) {
                out.add(new Breach(read.region(), read.item(), read.version(), newest.version(),
                        read.start() - newest.commitTime() - policy.delayMs()));
            }
        }
        out.sort(java.util.Comparator.comparingLong(Breach::lateByMs).reversed());
        return out;
    }
}
