package dev.edgesync.origin.purge;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** A purge and how far it got: {@code applied} once every configured region acknowledged it. */
public record PurgeStatus(String id, long createdAt, List<String> keys, List<String> tags, List<String> prefixes,
        String mode, String priority, String status, Map<String, RegionStatus> regions) {

    public static final String PENDING = "pending";
    public static final String APPLIED = "applied";

    /** One region's view: {@code appliedAt} (epoch ms) and {@code latencyMs} from issuedAt once applied. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegionStatus(String status, Long appliedAt, Long latencyMs, String instance) {

        public static RegionStatus pending() {
            return new RegionStatus(PENDING, null, null, null);
        }

        public static RegionStatus applied(long appliedAt, long issuedAt, String instance) {
            return new RegionStatus(APPLIED, appliedAt, Math.max(0, appliedAt - issuedAt), instance);
        }
    }
}
