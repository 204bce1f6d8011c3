package dev.edgesync.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What caused an invalidation. */
public enum EventKind {
    CONTENT_UPDATED("content-updated"),
    CONTENT_DELETED("content-deleted"),
    PURGE("purge"),
    /** No invalidation: the relay's per-partition heartbeat, so a region knows up to when it has applied the stream. */
    HEARTBEAT("heartbeat");

    private final String wire;

    EventKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static EventKind fromWire(String value) {
        return WireNames.parse(EventKind.class, values(), value, EventKind::wire);
    }
}
