package dev.edgesync.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgesync.events.Strategy;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TunableSettingsTest {
    private static final TunableSettings BASE = new TunableSettings(Strategy.EAGER, 100, Duration.ofHours(1));

    @Test
    void fileOverridesOnlyWhatItHolds() {
        Properties p = new Properties();
        p.setProperty("edgesync.region.strategy", " lazy ");
        assertEquals(new TunableSettings(Strategy.LAZY, 100, Duration.ofHours(1)), BASE.overriddenBy(p));
        p.setProperty("edgesync.region.delay-ms", "2500");
        p.setProperty("edgesync.cache.max-ttl", "10m");
        assertEquals(new TunableSettings(Strategy.LAZY, 2500, Duration.ofMinutes(10)), BASE.overriddenBy(p));
    }

    @Test
    void emptyFileChangesNothing() {
        assertEquals(BASE, BASE.overriddenBy(new Properties()));
    }

    @Test
    void badValuesAreRejected() {
        Properties p = new Properties();
        p.setProperty("edgesync.region.strategy", "sometimes");
        assertThrows(IllegalArgumentException.class, () -> BASE.overriddenBy(p));
        Properties d = new Properties();
        d.setProperty("edgesync.region.delay-ms", "-1");
        assertThrows(IllegalArgumentException.class, () -> BASE.overriddenBy(d));
    }

    @Test
    void delaysAboveTheMaximumAreRejected() {
        assertEquals(TunableSettings.MAX_DELAY_MS, BASE.with(null, TunableSettings.MAX_DELAY_MS).delayMs());
        assertThrows(IllegalArgumentException.class, () -> BASE.with(null, TunableSettings.MAX_DELAY_MS + 1));
        Properties d = new Properties();
        d.setProperty("edgesync.region.delay-ms", "86400000");
        assertThrows(IllegalArgumentException.class, () -> BASE.overriddenBy(d));
    }

    @Test
    void durationsUseQuarkusSyntax() {
        assertEquals(Duration.ofHours(1), TunableSettings.parseDuration("1h"));
        assertEquals(Duration.ofHours(1), TunableSettings.parseDuration("PT1H"));
        assertEquals(Duration.ofSeconds(90), TunableSettings.parseDuration("90"));
        assertEquals(Duration.ofMillis(250), TunableSettings.parseDuration("250ms"));
        assertEquals(Duration.ofDays(2), TunableSettings.parseDuration("2d"));
        assertEquals(Duration.ofSeconds(30), TunableSettings.parseDuration("30s"));
    }

    @Test
    void adminUpdateKeepsAbsentFields() {
        assertEquals(new TunableSettings(Strategy.LAZY, 100, Duration.ofHours(1)), BASE.with(Strategy.LAZY, null));
        assertEquals(new TunableSettings(Strategy.EAGER, 7, Duration.ofHours(1)), BASE.with(null, 7L));
    }
}
