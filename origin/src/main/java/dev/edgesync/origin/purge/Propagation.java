package dev.edgesync.origin.purge;

import java.util.Map;

/** How far the latest invalidation of one content item got: published to Kafka, then applied per region. */
public record Propagation(long contentId, String eventId, String kind, long version, long issuedAt,
        boolean published, String status, Map<String, PurgeStatus.RegionStatus> regions) {
}
