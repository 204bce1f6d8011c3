package dev.edgesync.edge.invalidation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When one event passed each stage inside a region, epoch ms (0: not reached): {@code produced} (the record's
 * CreateTime, when the origin handed it to its producer), {@code received} (handed to the consumer method),
 * {@code due} ({@code min(issuedAt, received) + delay}, never before {@code received}), {@code started} (the apply
 * thread ran it), {@code applied} (the Redis script returned), {@code ackSent} (the broker acknowledged the region's
 * ack). So a late apply says which stage took the time: transit, the timer firing late, Redis, or the ack.
 */
public final class ApplyStages {
    private final String eventId;
    private final boolean priorityLane;
    private final long issuedAt;
    private final long produced;
    private final long received;
    private volatile long due;
    private volatile long started;
    private volatile long applied;
    private volatile long ackSent;

    public ApplyStages(String eventId, boolean priorityLane, long issuedAt, long produced, long received) {
        this.eventId = eventId;
        this.priorityLane = priorityLane;
        this.issuedAt = issuedAt;
        this.produced = produced;
        this.received = received;
    }

    /** The moment an event received at {@code received} is due with {@code delayMs}; see {@link InvalidationScheduler#dueIn}. */
    public static long due(long issuedAt, long delayMs, long received) {
        return received + InvalidationScheduler.dueIn(issuedAt, delayMs, received);
    }

    void scheduled(long dueAt) {
        this.due = dueAt;
    }

    void started(long at) {
        if (started == 0) {
            started = at; // the first attempt: a retry's wait while Redis is away counts as Redis time
        }
    }

    void applied(long at) {
        applied = at;
    }

    void ackSent(long at) {
        ackSent = at;
    }

    public boolean priorityLane() {
        return priorityLane;
    }

    /**
     * Milliseconds spent in each stage reached so far, in order: {@code transit} (produced to received), {@code wait}
     * (received to due), {@code timer} (due to started: the apply thread late), {@code redis} (started to applied),
     * {@code ack} (applied to ack acknowledged by the broker).
     */
    public Map<String, Long> stages() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (produced > 0) {
            out.put("transit", received - produced);
        }
        if (due > 0) {
            out.put("wait", due - received);
        }
        if (started > 0) {
            out.put("timer", started - Math.max(due, received));
        }
        if (applied > 0 && started > 0) {
            out.put("redis", applied - started);
        }
        if (ackSent > 0 && applied > 0) {
            out.put("ack", ackSent - applied);
        }
        return out;
    }

    /** One log line, parsed by the e2e measurement: {@code name=value} pairs, epoch ms. */
    public String line(String region) {
        return String.format("apply stages event=%s region=%s lane=%s issued=%d produced=%d received=%d due=%d"
                + " started=%d applied=%d ackSent=%d stages=%s", eventId, region, priorityLane ? "priority" : "main",
                issuedAt, produced, received, due, started, applied, ackSent, stages());
    }
}
