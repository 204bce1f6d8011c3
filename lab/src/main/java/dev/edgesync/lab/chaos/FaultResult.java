package dev.edgesync.lab.chaos;

import java.util.List;
import java.util.Map;

/**
 * One fault as {@code edgesync chaos} measured it. Times are ms since the fault's load started.
 * The bound is broken by {@code violations} (the consistency checker with a 1 s tolerance: an older
 * version unmarked, or eager, past delay + 1 s; a region or client going back) and by {@code staleTooLong}
 * (a lazy region's STALE answer more than 2 s past due); {@code lostInvalidations} counts (item,
 * region) pairs whose last committed version was never acknowledged as applied and that the region does
 * not serve; {@code lostAcks} the pairs without an ack that the region does serve (the origin lost the ack); {@code recoverMs}
 * is the time from the end of the fault until a new write was served fresh in every region (-1: never,
 * within the bound of the run). {@code windows}: per region, (commit time s, staleness window ms).
 */
public record FaultResult(String fault, String description, String region, long loadStartedAt, long faultFromMs,
        long faultToMs, long reads, long writes, long errors, int violations, Map<String, Integer> violationsByKind,
        int staleTooLong, int lostInvalidations, int lostAcks, long recoverMs, List<String> examples,
        Map<String, List<double[]>> windows) {

    /** Whether this fault kept the whole bound: no violation and no STALE answer past its limit. */
    public boolean boundKept() {
        return violations == 0 && staleTooLong == 0;
    }
}
