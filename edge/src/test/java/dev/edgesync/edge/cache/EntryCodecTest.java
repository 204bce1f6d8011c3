package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    @Test
    void roundTripsEveryFieldAndBinaryBody() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        CacheEntry entry = new CacheEntry("/api/content/1?x=é", 200,
                Map.of("content-type", "application/json", "etag", "\"1-3\""), body, 3, "\"1-3\"",
                "Tue, 01 Jan 2030 00:00:00 GMT", List.of("content-1", "content-list"), 10, 20, 30,
                Map.of("key:/api/content/1?x=é", 1732345678123456L), Map.of("tag:content-1", 2L), true);
        CacheEntry decoded = EntryCodec.decode(EntryCodec.encode(entry));
        assertArrayEquals(body, decoded.body());
        assertEquals(entry.key(), decoded.key());
        assertEquals(entry.headers(), decoded.headers());
        assertEquals(entry.version(), decoded.version());
        assertEquals(entry.etag(), decoded.etag());
        assertEquals(entry.lastModified(), decoded.lastModified());
        assertEquals(entry.tags(), decoded.tags());
        assertEquals(entry.storedAt(), decoded.storedAt());
        assertEquals(entry.freshUntil(), decoded.freshUntil());
        assertEquals(entry.staleUntil(), decoded.staleUntil());
        assertEquals(entry.hardSnapshot(), decoded.hardSnapshot());
        assertEquals(entry.softSnapshot(), decoded.softSnapshot());
        assertEquals(entry.markedStale(), decoded.markedStale());
    }

    @Test
    void variantAndAgeSurviveTheRoundTrip() {
        CacheEntry entry = new CacheEntry("/v", 200, Map.of("vary", "accept"), new byte[] {1}, 0, null, null,
                List.of(), 10, 20, 30, Map.of(), Map.of(), false, 4_500, List.of("accept"), "abc123");
        CacheEntry decoded = EntryCodec.decode(EntryCodec.encode(entry));
        assertEquals(4_500, decoded.initialAgeMs());
        assertEquals(List.of("accept"), decoded.vary());
        assertEquals("abc123", decoded.variant());
        assertEquals("/v#vary:abc123", decoded.variantKey());
    }

    @Test
    void foreignBytesAreAMissNotAnError() {
        assertNull(EntryCodec.decode(null));
        assertNull(EntryCodec.decode(new byte[] {1, 2}));
        assertNull(EntryCodec.decode("hello world".getBytes()));
        assertNull(EntryCodec.decode(new byte[] {1, 0, 0, 0, 3, 'x', 'y', 'z'}));
    }
}
