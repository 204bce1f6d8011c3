package dev.edgesync.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edgesync.events.Strategy;
import org.junit.jupiter.api.Test;

class SettingsBroadcastTest {

    @Test
    void aChangeTravelsWithWhoMadeItAndOnlyWhatChanged() {
        assertEquals(new SettingsBroadcast.Change("edge-1", Strategy.LAZY, 300L),
                SettingsBroadcast.decode(SettingsBroadcast.encode("edge-1", Strategy.LAZY, 300L)));
        assertEquals(new SettingsBroadcast.Change("edge-1", null, 300L),
                SettingsBroadcast.decode(SettingsBroadcast.encode("edge-1", null, 300L)));
        assertEquals(new SettingsBroadcast.Change("edge-1", Strategy.EAGER, null),
                SettingsBroadcast.decode(SettingsBroadcast.encode("edge-1", Strategy.EAGER, null)));
    }

    @Test
    void anythingElseOnTheChannelIsIgnored() {
        assertNull(SettingsBroadcast.decode(null));
        assertNull(SettingsBroadcast.decode("garbage"));
        assertNull(SettingsBroadcast.decode("\nlazy\n100"));
        assertNull(SettingsBroadcast.decode("edge-1\nsideways\n100"));
        assertNull(SettingsBroadcast.decode("edge-1\nlazy\n-5"));
        assertNull(SettingsBroadcast.decode("edge-1\nlazy\n99999999999"));
        assertNull(SettingsBroadcast.decode("edge-1\nlazy\nsoon"));
    }
}
