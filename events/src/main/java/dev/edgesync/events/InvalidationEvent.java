package dev.edgesync.events;

import java.util.List;
import java.util.UUID;

/**
 * An invalidation, as the origin publishes it on {@link Topics#INVALIDATIONS}.
 *
 * <p>{@code keys} are cache keys (request paths, with query when there is one), {@code tags} are
 * surrogate keys, {@code prefixes} are path prefixes that end at a segment boundary ({@code /}).
 * {@code patterns} ({@link PathPattern}) are applied as bans that lookups consult; readers that predate them
 * ignore the field. {@code version} is the content version the event brings in (0 when the event carries none, as a
 * purge does): a region never serves a version below it for the event's keys once applied.
 */
public record InvalidationEvent(
        int schema,
        String id,
        EventKind kind,
        List<String> keys,
        List<String> tags,
        List<String> prefixes,
        long version,
        PurgeMode mode,
        long issuedAt,
        Priority priority,
        List<String> patterns) {

    /** The schema version this code writes and the only one it reads. */
    public static final int SCHEMA = 1;

    public InvalidationEvent {
        keys = keys == null ? List.of() : List.copyOf(keys);
        tags = tags == null ? List.of() : List.copyOf(tags);
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        mode = mode == null ? PurgeMode.DEFAULT : mode;
        priority = priority == null ? Priority.NORMAL : priority;
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
    }

    /** An event without patterns (every kind but a pattern purge). */
    public InvalidationEvent(int schema, String id, EventKind kind, List<String> keys, List<String> tags,
            List<String> prefixes, long version, PurgeMode mode, long issuedAt, Priority priority) {
        this(schema, id, kind, keys, tags, prefixes, version, mode, issuedAt, priority, List.of());
    }

    /** The event written when content {@code key} reaches {@code version}. */
    public static InvalidationEvent contentChanged(EventKind kind, String key, List<String> tags, long version,
            long issuedAt) {
        return new InvalidationEvent(SCHEMA, UUID.randomUUID().toString(), kind, List.of(key), tags, List.of(),
                version, PurgeMode.DEFAULT, issuedAt, Priority.NORMAL);
    }

    /** The event written for an explicit purge request with path patterns ({@link PathPattern}). */
    public static InvalidationEvent purge(String id, List<String> keys, List<String> tags, List<String> prefixes,
            List<String> patterns, PurgeMode mode, Priority priority, long issuedAt) {
        return new InvalidationEvent(SCHEMA, id, EventKind.PURGE, keys, tags, prefixes, 0, mode, issuedAt,
                priority, patterns);
    }

    /** The event written for an explicit purge request. */
    public static InvalidationEvent purge(String id, List<String> keys, List<String> tags, List<String> prefixes,
            PurgeMode mode, Priority priority, long issuedAt) {
        return new InvalidationEvent(SCHEMA, id, EventKind.PURGE, keys, tags, prefixes, 0, mode, issuedAt,
                priority);
    }

    /**
     * The relay's heartbeat, published to every partition at least every 100 ms: it invalidates nothing and tells
     * each region up to which moment it has applied that partition.
     */
    public static InvalidationEvent heartbeat(long issuedAt) {
        return new InvalidationEvent(SCHEMA, UUID.randomUUID().toString(), EventKind.HEARTBEAT, List.of(), List.of(),
                List.of(), 0, PurgeMode.DEFAULT, issuedAt, Priority.NORMAL);
    }

    /** Whether it travels and is applied in the priority lane ({@code critical} and {@code high} purges). */
    public boolean prioritised() {
        return kind == EventKind.PURGE && (priority == Priority.CRITICAL || priority == Priority.HIGH);
    }

    /** The topic it is published on: {@link Topics#PRIORITY_INVALIDATIONS} when {@link #prioritised()}. */
    public String topic() {
        return prioritised() ? Topics.PRIORITY_INVALIDATIONS : Topics.INVALIDATIONS;
    }

    public boolean heartbeat() {
        return kind == EventKind.HEARTBEAT;
    }

    /** The Kafka record key: the first cache key, else the first tag or prefix, so one key's events stay ordered. */
    public String partitionKey() {
        if (!keys.isEmpty()) {
            return keys.get(0);
        }
        if (!tags.isEmpty()) {
            return "tag:" + tags.get(0);
        }
        return prefixes.isEmpty() ? id : "prefix:" + prefixes.get(0);
    }
}
