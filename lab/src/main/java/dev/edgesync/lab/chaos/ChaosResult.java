package dev.edgesync.lab.chaos;

import java.util.List;

/** A whole {@code edgesync chaos} run as saved to {@code .edgesync/runs/}: one result per fault. */
public record ChaosResult(String runId, long startedAt, long durationMs, long loadPerFaultMs, long faultWindowMs,
        List<String> regions, List<FaultResult> faults) {

    /** Reads that broke the bound, over all faults (a read may count once in each of the two kinds). */
    public int totalViolations() {
        return faults.stream().mapToInt(f -> Math.max(0, f.violations()) + Math.max(0, f.staleTooLong())).sum();
    }

    /** Faults whose checked load failed, so they have no verdict. */
    public long withoutVerdict() {
        return faults.stream().filter(f -> f.violations() < 0).count();
    }

    public int totalLost() {
        return faults.stream().mapToInt(FaultResult::lostInvalidations).sum();
    }
}
