package dev.edgesync.edge.warming;

/**
 * A token bucket: at most {@code perSecond} warm-up fetches a second on average, bursts of at most
 * {@code max(1, perSecond)}. Time is given by the caller in nanoseconds. Not thread-safe; the caller serialises.
 */
public final class WarmupBudget {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;
    private boolean started;

    public WarmupBudget(double perSecond) {
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, perSecond);
    }

    /** Takes one fetch from the budget if there is one. */
    public boolean tryTake(long nowNanos) {
        if (!started) {
            started = true;
            tokens = burst;
            last = nowNanos;
        }
        tokens = Math.min(burst, tokens + Math.max(0, nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
