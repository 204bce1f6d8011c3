package dev.edgesync.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Purge priority, carried end to end so that regions and reports can tell urgent purges apart. */
public enum Priority {
    CRITICAL("critical"),
    HIGH("high"),
    NORMAL("normal"),
    LOW("low");

    private final String wire;

    Priority(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Priority fromWire(String value) {
        return WireNames.parse(Priority.class, values(), value, Priority::wire);
    }
}
