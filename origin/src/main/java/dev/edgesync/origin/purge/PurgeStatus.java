package dev.edgesync.origin.purge;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A purge and how far it got ({@link PurgeLifecycle}): {@code pending}, then {@code completed} once every region
 * applied it, or {@code partial} / {@code failed} when regions did not acknowledge before {@code deadline}.
 * {@code traceId}: the trace that carries the purge's event to the regions (absent outside a trace).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurgeStatus(String id, long createdAt, List<String> keys, List<String> tags, List<String> prefixes,
        List<String> patterns, List<String> hosts, String mode, String priority, String status, long deadline, Progress progress,
        Map<String, RegionStatus> regions, String traceId) {

    public static final String PENDING = PurgeLifecycle.PENDING;
    public static final String APPLIED = PurgeLifecycle.APPLIED;

    /** Regions in all, and how many applied, failed or are still pending. */
    public record Progress(int regions, int applied, int failed, int pending) {
    }

    /**
     * One region's view: {@code appliedAt} (epoch ms) and {@code latencyMs} from issuedAt once applied; {@code error}
     * when failed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegionStatus(String status, Long appliedAt, Long latencyMs, String instance, String error) {

        public static RegionStatus pending() {
            return new RegionStatus(PENDING, null, null, null, null);
        }

        public static RegionStatus applied(long appliedAt, long issuedAt, String instance) {
            return new RegionStatus(APPLIED, appliedAt, Math.max(0, appliedAt - issuedAt), instance, null);
        }

        public static RegionStatus failed(String error) {
            return new RegionStatus(PurgeLifecycle.FAILED, null, null, null, error);
        }
    }
}
