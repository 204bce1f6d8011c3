package dev.edgesync.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a region applies an invalidation: {@code DEFAULT} follows the region's strategy,
 * {@code HARD} removes even in a lazy region, {@code SOFT} marks stale even in an eager one.
 */
public enum PurgeMode {
    DEFAULT("default"),
    HARD("hard"),
    SOFT("soft");

    private final String wire;

    PurgeMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static PurgeMode fromWire(String value) {
        return WireNames.parse(PurgeMode.class, values(), value, PurgeMode::wire);
    }

    /** Whether this mode removes the entry in a region whose own strategy is {@code strategy}. */
    public boolean removesIn(Strategy strategy) {
        return switch (this) {
            case HARD -> true;
            case SOFT -> false;
            case DEFAULT -> strategy == Strategy.EAGER;
        };
    }
}
