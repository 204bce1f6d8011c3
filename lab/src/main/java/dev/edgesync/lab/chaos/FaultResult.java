package dev.edgesync.lab.chaos;

import java.util.List;
import java.util.Map;

/**
 * One fault as {@code edgesync chaos} measured it. Times are ms since the fault's load started.
 * {@code violations} counts reads that broke the bound (checker with 1 s tolerance, plus lazy STALE
 * answers more than 2 s past due, {@code staleTooLong}); {@code lostInvalidations} counts (item,
 * region) pairs whose last committed version was never acknowledged as applied; {@code recoverMs}
 * is the time from the end of the fault until a new write was served fresh in every region (-1: never,
 * within the bound of the run). {@code windows}: per region, (commit time s, staleness window ms).
 */
public record FaultResult(String fault, String description, String region, long loadStartedAt, long faultFromMs,
        long faultToMs, long reads, long writes, long errors, int violations, Map<String, Integer> violationsByKind,
        int staleTooLong, int lostInvalidations, long recoverMs, List<String> examples,
        Map<String, List<double[]>> windows) {
}
