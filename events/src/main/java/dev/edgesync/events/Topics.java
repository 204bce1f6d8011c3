package dev.edgesync.events;

/** Kafka topic names shared by origin, edges and deployment. */
public final class Topics {
    /** Invalidation events, keyed by cache key so that one key's events stay ordered. */
    public static final String INVALIDATIONS = "edgesync.invalidations";
    /** One acknowledgement per (event, region) once the region has applied the event. */
    public static final String ACKS = "edgesync.invalidation-acks";
    /** Events an edge could not read, with the reason in the {@code dead-letter-reason} header. */
    public static final String DEAD_LETTERS = "edgesync.invalidations.dlq";

    private Topics() {
    }
}
