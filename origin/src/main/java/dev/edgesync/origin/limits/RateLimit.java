package dev.edgesync.origin.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One rate limit, kept per caller (bearer token): a token bucket of {@code burst} requests refilled at
 * {@code perSecond}. The clock is a parameter so tests decide the time.
 */
public final class RateLimit {
    private final long perSecond;
    private final long burst;
    private final TimeMeter clock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Whether the request may go on; when not, the whole seconds after which one will ({@code Retry-After}). */
    public record Verdict(boolean allowed, long retryAfterSeconds) {
    }

    public RateLimit(long perSecond, long burst, TimeMeter clock) {
        if (perSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    public Verdict take(String caller) {
        Bucket bucket = buckets.computeIfAbsent(caller, c -> Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(clock)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return new Verdict(true, 0);
        }
        long nanos = probe.getNanosToWaitForRefill();
        return new Verdict(false, Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    public long perSecond() {
        return perSecond;
    }
}
