package dev.edgesync.edge.config;

import dev.edgesync.events.Strategy;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/** Changing: the settings that may change while the edge runs (strategy, delay, max TTL), one immutable value per change. */
public record TunableSettings(Strategy strategy, long delayMs, Duration maxTtl) {

    public static final String STRATEGY = "edgesync.region.strategy";
    public static final String DELAY_MS = "edgesync.region.delay-ms";
    public static final String MAX_TTL = "edgesync.cache.max-ttl";
    /** The largest region delay accepted (10 minutes): every pending event waits in memory until its due time. */
    public static final long MAX_DELAY_MS = 600_000;

    public TunableSettings {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy is required");
        }
        if (delayMs < 0) {
            throw new IllegalArgumentException("delay-ms must not be negative: " + delayMs);
        }
        if (delayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("delay-ms must be at most " + MAX_DELAY_MS + ": " + delayMs);
        }
        if (maxTtl == null || maxTtl.isNegative()) {
            throw new IllegalArgumentException("max-ttl must not be negative");
        }
    }

    public TunableSettings with(Strategy newStrategy, Long newDelayMs) {
        return new TunableSettings(newStrategy == null ? strategy : newStrategy,
                newDelayMs == null ? delayMs : newDelayMs, maxTtl);
    }

    /** These settings overridden by whichever of the three properties the file holds. */
    public TunableSettings overriddenBy(Properties file) {
        String s = trimmed(file.getProperty(STRATEGY));
        String d = trimmed(file.getProperty(DELAY_MS));
        String t = trimmed(file.getProperty(MAX_TTL));
        return new TunableSettings(
                s == null ? strategy : Strategy.fromWire(s),
                d == null ? delayMs : Long.parseLong(d),
                t == null ? maxTtl : parseDuration(t));
    }

    /** Quarkus duration syntax: ISO-8601 (PT1H), a number of seconds (3600), or a number with a unit (1h, 250ms). */
    public static Duration parseDuration(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.matches("\\d+[dD]")) {
            return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        String upper = v.toUpperCase(Locale.ROOT);
        return Duration.parse(upper.startsWith("P") ? upper : "PT" + upper);
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
