package dev.edgesync.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A region's invalidation strategy: eager removes entries, lazy marks them stale and revalidates. */
public enum Strategy {
    EAGER("eager"),
    LAZY("lazy");

    private final String wire;

    Strategy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Strategy fromWire(String value) {
        return WireNames.parse(Strategy.class, values(), value, Strategy::wire);
    }
}
