package dev.edgesync.events;

/** A region's acknowledgement that it applied event {@code eventId} at {@code appliedAt} (epoch ms). */
public record InvalidationAck(int schema, String eventId, String region, long appliedAt, String instance) {

    public static InvalidationAck of(String eventId, String region, long appliedAt, String instance) {
        return new InvalidationAck(InvalidationEvent.SCHEMA, eventId, region, appliedAt, instance);
    }
}
