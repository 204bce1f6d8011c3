package dev.edgesync.origin.purge;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a purge (or a content event) stands, decided from the regions' acknowledgements, the outbox and the time.
 *
 * <p>A region is {@code applied} once it acknowledged; {@code pending} until {@code issuedAt + deadline};
 * {@code failed} after that, with the reason. An acknowledgement that arrives after the deadline still counts (the
 * region did apply it), so {@code failed} and {@code partial} can become {@code completed}; a purge whose event could
 * never be published fails in every region at once. Overall: {@code completed} when every region applied it,
 * {@code pending} while any region may still, else {@code partial} (some applied) or {@code failed} (none did).
 */
public final class PurgeLifecycle {
    public static final String PENDING = "pending";
    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";
    public static final String COMPLETED = "completed";
    public static final String PARTIAL = "partial";

    /** How far the event got on its way out: still in the outbox, on Kafka, or refused for good. */
    public enum Publication {
        UNSENT, PUBLISHED, DEAD_LETTERED
    }

    /** One region's acknowledgement. */
    public record Ack(long appliedAt, String instance) {
    }

    private PurgeLifecycle() {
    }

    /**
     * Each configured region's status at {@code now}.
     *
     * @param deadlineMs how long after {@code issuedAt} a region may take before it counts as failed
     * @param deadLetterError the broker's reason when {@code publication} is {@code DEAD_LETTERED}
     */
    public static Map<String, PurgeStatus.RegionStatus> regions(List<String> regions, Map<String, Ack> acks,
            long issuedAt, long deadlineMs, Publication publication, String deadLetterError, long now) {
        Map<String, PurgeStatus.RegionStatus> out = new LinkedHashMap<>();
        for (String region : regions) {
            Ack ack = acks.get(region);
            if (ack != null) {
                out.put(region, PurgeStatus.RegionStatus.applied(ack.appliedAt(), issuedAt, ack.instance()));
            } else if (publication == Publication.DEAD_LETTERED) {
                out.put(region, PurgeStatus.RegionStatus.failed(
                        "the event could never be published to Kafka: " + deadLetterError));
            } else if (now >= issuedAt + deadlineMs) {
                out.put(region, PurgeStatus.RegionStatus.failed(publication == Publication.UNSENT
                        ? "not published to Kafka within " + deadlineMs + " ms (the broker is unreachable); "
                                + "it is published, and applied, once it is back"
                        : "no acknowledgement within " + deadlineMs + " ms of issue (the region is down, lagging or "
                                + "cannot reach its Redis)"));
            } else {
                out.put(region, PurgeStatus.RegionStatus.pending());
            }
        }
        return out;
    }

    public static String overall(Collection<PurgeStatus.RegionStatus> regions) {
        long applied = regions.stream().filter(r -> APPLIED.equals(r.status())).count();
        if (applied == regions.size()) {
            return COMPLETED;
        }
        if (regions.stream().anyMatch(r -> PENDING.equals(r.status()))) {
            return PENDING;
        }
        return applied > 0 ? PARTIAL : FAILED;
    }

    /** Counts by region status, for progress lines. */
    public static PurgeStatus.Progress progress(Collection<PurgeStatus.RegionStatus> regions) {
        int applied = 0;
        int failed = 0;
        for (PurgeStatus.RegionStatus r : regions) {
            if (APPLIED.equals(r.status())) {
                applied++;
            } else if (FAILED.equals(r.status())) {
                failed++;
            }
        }
        return new PurgeStatus.Progress(regions.size(), applied, failed, regions.size() - applied - failed);
    }
}
