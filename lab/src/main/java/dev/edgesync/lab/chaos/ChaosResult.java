package dev.edgesync.lab.chaos;

import java.util.List;

/** A whole {@code edgesync chaos} run as saved to {@code .edgesync/runs/}: one result per fault. */
public record ChaosResult(String runId, long startedAt, long durationMs, long loadPerFaultMs, long faultWindowMs,
        List<String> regions, List<FaultResult> faults) {

    public int totalViolations() {
        return faults.stream().mapToInt(FaultResult::violations).sum();
    }

    public int totalLost() {
        return faults.stream().mapToInt(FaultResult::lostInvalidations).sum();
    }
}
