package dev.edgesync.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgesync.events.Strategy;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RegionSettingsTest {
    private static final RegionSettings BASE = new RegionSettings(Strategy.EAGER, 100, Duration.ofHours(1));

    @Test
    void fileOverridesOnlyWhatItHolds() {
        Properties p = new Properties();
        p.setProperty("edgesync.region.strategy", " lazy ");
        assertEquals(new RegionSettings(Strategy.LAZY, 100, Duration.ofHours(1)), BASE.overriddenBy(p));
        p.setProperty("edgesync.region.delay-ms", "2500");
        p.setProperty("edgesync.cache.max-ttl", "10m");
        assertEquals(new RegionSettings(Strategy.LAZY, 2500, Duration.ofMinutes(10)), BASE.overriddenBy(p));
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
        assertEquals(RegionSettings.MAX_DELAY_MS, BASE.with(null, RegionSettings.MAX_DELAY_MS).delayMs());
        assertThrows(IllegalArgumentException.class, () -> BASE.with(null, RegionSettings.MAX_DELAY_MS + 1));
        Properties d = new Properties();
        d.setProperty("edgesync.region.delay-ms", "86400000");
        assertThrows(IllegalArgumentException.class, () -> BASE.overriddenBy(d));
    }

    @Test
    void durationsUseQuarkusSyntax() {
        assertEquals(Duration.ofHours(1), RegionSettings.parseDuration("1h"));
        assertEquals(Duration.ofHours(1), RegionSettings.parseDuration("PT1H"));
        assertEquals(Duration.ofSeconds(90), RegionSettings.parseDuration("90"));
        assertEquals(Duration.ofMillis(250), RegionSettings.parseDuration("250ms"));
        assertEquals(Duration.ofDays(2), RegionSettings.parseDuration("2d"));
        assertEquals(Duration.ofSeconds(30), RegionSettings.parseDuration("30s"));
    }

    @Test
    void adminUpdateKeepsAbsentFields() {
        assertEquals(new RegionSettings(Strategy.LAZY, 100, Duration.ofHours(1)), BASE.with(Strategy.LAZY, null));
        assertEquals(new RegionSettings(Strategy.EAGER, 7, Duration.ofHours(1)), BASE.with(null, 7L));
    }
}
