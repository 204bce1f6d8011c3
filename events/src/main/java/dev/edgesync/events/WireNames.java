package dev.edgesync.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses the lower-case wire names of the contract's enums, with an error that lists the allowed ones. */
final class WireNames {
    private WireNames() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, E[] values, String value, Function<E, String> wire) {
        if (value != null) {
            String normalised = value.trim().toLowerCase(Locale.ROOT);
            for (E candidate : values) {
                if (wire.apply(candidate).equals(normalised)) {
                    return candidate;
                }
            }
        }
        String allowed = Arrays.stream(values).map(wire).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "unknown " + type.getSimpleName() + " '" + value + "', expected one of: " + allowed);
    }
}
