package dev.edgesync.events;

/** Kafka topic names shared by origin, edges and deployment. */
public final class Topics {
    /** Invalidation events, keyed by cache key so that one key's events stay ordered. */
    public static final String INVALIDATIONS = "edgesync.invalidations";
    /**
     * The priority lane: {@code critical} and {@code high} purges, consumed by every region beside
     * {@link #INVALIDATIONS} and applied on their own threads, so a backlog of normal work never delays them.
     */
    public static final String PRIORITY_INVALIDATIONS = "edgesync.invalidations.priority";
    /** One acknowledgement per (event, region) once the region has applied the event. */
    public static final String ACKS = "edgesync.invalidation-acks";
    /** Events an edge could not read, with the reason in the {@code dead-letter-reason} header. */
    public static final String DEAD_LETTERS = "edgesync.invalidations.dlq";

    private Topics() {
    }
}
