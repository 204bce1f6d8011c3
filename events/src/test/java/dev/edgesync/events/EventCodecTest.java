package dev.edgesync.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void eventSurvivesARoundTripWithWireNames() throws Exception {
        InvalidationEvent event = InvalidationEvent.purge("p-1", List.of("/api/content/42"), List.of("tech"),
                List.of("/api/content/"), PurgeMode.HARD, Priority.CRITICAL, 1732345678123L);
        String json = EventCodec.encode(event);
        assertTrue(json.contains("\"kind\":\"purge\""), json);
        assertTrue(json.contains("\"mode\":\"hard\""), json);
        assertTrue(json.contains("\"priority\":\"critical\""), json);
        assertEquals(event, EventCodec.decodeEvent(json));
    }

    @Test
    void contentEventKeepsKeyVersionAndTags() throws Exception {
        InvalidationEvent event = InvalidationEvent.contentChanged(EventKind.CONTENT_UPDATED, "/api/content/7",
                List.of("content-7", "tech"), 3, 1000);
        InvalidationEvent back = EventCodec.decodeEvent(EventCodec.encode(event));
        assertEquals(EventKind.CONTENT_UPDATED, back.kind());
        assertEquals(3, back.version());
        assertEquals("/api/content/7", back.partitionKey());
        assertEquals(PurgeMode.DEFAULT, back.mode());
    }

    @Test
    void unknownFieldsWithinSchemaOneAreIgnored() throws Exception {
        String json = "{\"schema\":1,\"id\":\"a\",\"kind\":\"purge\",\"tags\":[\"t\"],\"issuedAt\":5,\"future\":true}";
        assertEquals(List.of("t"), EventCodec.decodeEvent(json).tags());
    }

    @Test
    void unparseableAndUnknownSchemaAreRejectedWithAReason() {
        assertTrue(assertThrows(InvalidEventException.class, () -> EventCodec.decodeEvent("{nope"))
                .getMessage().startsWith("unparseable JSON"));
        assertTrue(assertThrows(InvalidEventException.class,
                () -> EventCodec.decodeEvent("{\"schema\":2,\"id\":\"a\",\"kind\":\"purge\",\"tags\":[\"t\"],\"issuedAt\":5}"))
                .getMessage().contains("unknown schema version 2"));
        assertThrows(InvalidEventException.class, () -> EventCodec.decodeEvent("[]"));
        assertThrows(InvalidEventException.class, () -> EventCodec.decodeEvent(""));
    }

    @Test
    void eventsThatNameNothingOrBadPrefixesAreRejected() {
        assertThrows(InvalidEventException.class,
                () -> EventCodec.decodeEvent("{\"schema\":1,\"id\":\"a\",\"kind\":\"purge\",\"issuedAt\":5}"));
        assertThrows(InvalidEventException.class, () -> EventCodec.decodeEvent(
                "{\"schema\":1,\"id\":\"a\",\"kind\":\"purge\",\"prefixes\":[\"/api/cont\"],\"issuedAt\":5}"));
        assertThrows(InvalidEventException.class, () -> EventCodec.decodeEvent(
                "{\"schema\":1,\"id\":\"a\",\"kind\":\"explode\",\"keys\":[\"/x\"],\"issuedAt\":5}"));
        assertThrows(InvalidEventException.class, () -> EventCodec.decodeEvent(
                "{\"schema\":1,\"id\":\"a\",\"kind\":\"purge\",\"keys\":[\"no-slash\"],\"issuedAt\":5}"));
    }

    @Test
    void modeDecidesRemovalPerStrategy() {
        assertTrue(PurgeMode.DEFAULT.removesIn(Strategy.EAGER));
        assertTrue(!PurgeMode.DEFAULT.removesIn(Strategy.LAZY));
        assertTrue(PurgeMode.HARD.removesIn(Strategy.LAZY));
        assertTrue(!PurgeMode.SOFT.removesIn(Strategy.EAGER));
    }

    @Test
    void ackRoundTrips() throws Exception {
        InvalidationAck ack = InvalidationAck.of("e-1", "eu-west", 99, "edge-1");
        assertEquals(ack, EventCodec.decodeAck(EventCodec.encode(ack)));
    }
}
