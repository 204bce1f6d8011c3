package dev.edgesync.lab.check;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.history.History;
import dev.edgesync.lab.history.ReadOp;
import dev.edgesync.lab.history.WriteOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a recorded history against the guarantees the README states ("The consistency checker"), per region:
 * <ul>
 * <li>an eager region never serves a version older than one it was due to have applied: a write of
 * version v is due in region r at its commit time (the end of the write request) plus r's delay plus
 * a tolerance; a read that started after that and served a version below v is a violation;</li>
 * <li>a lazy region may serve the older version after that point only marked {@code X-Cache: STALE};</li>
 * <li>once a region has served a version (any read that ended), no later-starting read of the region
 * serves an older one: the lazy region's one revalidation has finished, and old events never bring
 * back old content;</li>
 * <li>versions never go backwards for one client.</li>
 * </ul>
 * Each bad read counts once, as the first of these it breaks. Reads that failed or carry no version
 * are not checked. Pure code: no I/O, no clock.
 */
public final class ConsistencyChecker {
    private final Map<String, RegionPolicy> policies;
    private final long toleranceMs;

    public ConsistencyChecker(Map<String, RegionPolicy> policies, long toleranceMs) {
        if (toleranceMs < 0) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
        this.policies = new LinkedHashMap<>(policies);
        this.toleranceMs = toleranceMs;
    }

    public CheckReport check(History history) {
        CheckReport report = new CheckReport();
        policies.keySet().forEach(report::region);
        Map<String, DueIndex> writesByItem = new HashMap<>();
        Map<String, List<WriteOp>> grouped = new HashMap<>();
        for (WriteOp w : history.writes()) {
            grouped.computeIfAbsent(w.item(), i -> new ArrayList<>()).add(w);
        }
        grouped.forEach((item, writes) -> writesByItem.put(item, new DueIndex(writes)));

        Map<String, List<ReadOp>> byRegionItem = new LinkedHashMap<>();
        Map<String, List<ReadOp>> byClientItem = new LinkedHashMap<>();
        List<ReadOp> reads = new ArrayList<>(history.reads());
        reads.sort(Comparator.comparingLong(ReadOp::start).thenComparingLong(ReadOp::end));
        for (ReadOp read : reads) {
            if (!policies.containsKey(read.region())) {
                throw new IllegalArgumentException("no policy for region " + read.region() + " (known: "
                        + policies.keySet() + ")");
            }
            if (!read.served()) {
                continue;
            }
            byRegionItem.computeIfAbsent(read.region() + "\u0000" + read.item(), k -> new ArrayList<>()).add(read);
            byClientItem.computeIfAbsent(read.region() + "\u0000" + read.client() + "\u0000" + read.item(),
                    k -> new ArrayList<>()).add(read);
        }
        Map<ReadOp, String> clientBack = new java.util.IdentityHashMap<>();
        for (List<ReadOp> clientReads : byClientItem.values()) {
            findRegressions(clientReads, clientBack);
        }
        Map<ReadOp, String> regionBack = new java.util.IdentityHashMap<>();
        for (List<ReadOp> regionReads : byRegionItem.values()) {
            findRegressions(regionReads, regionBack);
        }

        List<Violation> found = new ArrayList<>();
        for (ReadOp read : reads) {
            if (!read.served()) {
                continue;
            }
            report.checked(read.region());
            RegionPolicy policy = policies.get(read.region());
            DueIndex due = writesByItem.get(read.item());
            WriteOp required = due == null ? null : due.newestDueBefore(read.start(), policy.delayMs() + toleranceMs);
            if (required != null && read.version() < required.version()) {
                long dueAt = required.commitTime() + policy.delayMs() + toleranceMs;
                String detail = "v" + required.version() + " was committed by " + required.commitTime()
                        + " and due at " + dueAt + " (delay " + policy.delayMs() + " ms + tolerance " + toleranceMs
                        + " ms); this read started " + (read.start() - dueAt) + " ms after that";
                if (policy.strategy() == Strategy.EAGER) {
                    found.add(new Violation(Violation.Kind.EAGER_STALE_AFTER_DUE, read.region(), read, detail));
                    continue;
                }
                if (!read.stale()) {
                    found.add(new Violation(Violation.Kind.LAZY_UNMARKED_AFTER_DUE, read.region(), read, detail));
                    continue;
                }
            }
            String back = clientBack.get(read);
            if (back != null) {
                found.add(new Violation(Violation.Kind.CLIENT_WENT_BACK, read.region(), read, back));
                continue;
            }
            back = regionBack.get(read);
            if (back != null) {
                found.add(new Violation(Violation.Kind.REGION_WENT_BACK, read.region(), read, back));
            }
        }
        found.forEach(report::add);
        report.sortExamples();
        return report;
    }

    /**
     * Marks each read (sorted by start) that served a version below one already served by a read that
     * ended strictly before it started.
     */
    private static void findRegressions(List<ReadOp> sortedByStart, Map<ReadOp, String> out) {
        List<ReadOp> byEnd = new ArrayList<>(sortedByStart);
        byEnd.sort(Comparator.comparingLong(ReadOp::end));
        int next = 0;
        ReadOp floor = null;
        for (ReadOp read : sortedByStart) {
            while (next < byEnd.size() && byEnd.get(next).end() < read.start()) {
                ReadOp done = byEnd.get(next++);
                if (floor == null || done.version() > floor.version()) {
                    floor = done;
                }
            }
            if (floor != null && read.version() < floor.version()) {
                out.put(read, "v" + floor.version() + " had already been served to " + floor.client() + " ("
                        + (floor.xCache() == null ? "-" : floor.xCache()) + ", ended at " + floor.end() + ", "
                        + (read.start() - floor.end()) + " ms before this read started)");
            }
        }
    }

    /** The writes of one item ordered by commit time, with the highest version committed so far. */
    private static final class DueIndex {
        private final long[] commit;
        private final WriteOp[] newest;

        DueIndex(List<WriteOp> writes) {
            List<WriteOp> sorted = new ArrayList<>(writes);
            sorted.sort(Comparator.comparingLong(WriteOp::commitTime));
            commit = new long[sorted.size()];
            newest = new WriteOp[sorted.size()];
            WriteOp best = null;
            for (int i = 0; i < sorted.size(); i++) {
                WriteOp w = sorted.get(i);
                if (best == null || w.version() > best.version()) {
                    best = w;
                }
                commit[i] = w.commitTime();
                newest[i] = best;
            }
        }

        /** The highest-version write with commit + slack strictly before {@code time}, or null. */
        WriteOp newestDueBefore(long time, long slack) {
            long limit = time - slack; // commit < limit  <=>  commit + slack < time
            int lo = 0;
            int hi = commit.length; // first index with commit >= limit
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (commit[mid] < limit) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo == 0 ? null : newest[lo - 1];
        }
    }
}
