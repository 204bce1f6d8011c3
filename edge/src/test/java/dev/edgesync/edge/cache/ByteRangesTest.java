package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.edgesync.edge.cache.ByteRanges.Partial;
import dev.edgesync.edge.cache.ByteRanges.Span;
import dev.edgesync.edge.cache.ByteRanges.Unsatisfiable;
import dev.edgesync.edge.cache.ByteRanges.Whole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {
    private static final String ETAG = "\"v1\"";
    private static final String MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT";
    private static final String DATE = "Wed, 01 Jan 2025 01:00:00 GMT";

    private static ByteRanges.Answer decide(String range) {
        return ByteRanges.decide(range, null, ETAG, MODIFIED, DATE, 100);
    }

    @Test
    void firstLastOpenEndedAndSuffixRanges() {
        assertEquals(new Partial(List.of(new Span(0, 9)), 100), decide("bytes=0-9"));
        assertEquals(new Partial(List.of(new Span(90, 99)), 100), decide("bytes=90-"));
        assertEquals(new Partial(List.of(new Span(95, 99)), 100), decide("bytes=-5"));
        assertEquals(new Partial(List.of(new Span(0, 99)), 100), decide("bytes=-500"));
        assertEquals(new Partial(List.of(new Span(50, 99)), 100), decide("BYTES = 50-1000"));
    }

    @Test
    void severalRangesKeepTheirOrderUnlessTheyOverlap() {
        assertEquals(new Partial(List.of(new Span(50, 59), new Span(0, 9)), 100), decide("bytes=50-59, 0-9"));
        assertEquals(new Partial(List.of(new Span(0, 19)), 100), decide("bytes=10-19,0-9"));
        assertEquals(new Partial(List.of(new Span(0, 14), new Span(95, 99)), 100), decide("bytes=0-9,5-14,-5"));
    }

    @Test
    void unsatisfiableRangesAre416AndUnsatisfiablePartsAreDropped() {
        assertEquals(new Unsatisfiable(100), decide("bytes=100-"));
        assertEquals(new Unsatisfiable(100), decide("bytes=-0"));
        assertEquals(new Partial(List.of(new Span(0, 0)), 100), decide("bytes=200-300, 0-0"));
        assertInstanceOf(Unsatisfiable.class, ByteRanges.decide("bytes=0-", null, null, null, DATE, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = { "items=0-9", "bytes 0-9", "bytes=", "bytes=9-0", "bytes=a-9", "bytes=0-9x", "bytes=--5",
            "bytes=5", "bytes=0-1,2-3,4-5,6-7,8-9,10-11,12-13,14-15,16-17,18-19,20-21,22-23,24-25,26-27,28-29,30-31,32-33" })
    void anInvalidRangeIsIgnored(String range) {
        assertEquals(new Whole(), decide(range));
    }

    @Test
    void ifRangeNeedsAStrongMatchingEtagOrTheExactLastModified() {
        Partial first = new Partial(List.of(new Span(0, 0)), 100);
        assertEquals(first, ByteRanges.decide("bytes=0-0", ETAG, ETAG, MODIFIED, DATE, 100));
        assertEquals(new Whole(), ByteRanges.decide("bytes=0-0", "\"v2\"", ETAG, MODIFIED, DATE, 100));
        assertEquals(new Whole(), ByteRanges.decide("bytes=0-0", "W/\"v1\"", ETAG, MODIFIED, DATE, 100));
        assertEquals(new Whole(), ByteRanges.decide("bytes=0-0", ETAG, "W/\"v1\"", MODIFIED, DATE, 100));
        assertEquals(first, ByteRanges.decide("bytes=0-0", MODIFIED, ETAG, MODIFIED, DATE, 100));
        assertEquals(new Whole(), ByteRanges.decide("bytes=0-0", "Thu, 02 Jan 2025 00:00:00 GMT", ETAG, MODIFIED, DATE, 100));
        assertEquals(new Whole(), ByteRanges.decide("bytes=0-0", MODIFIED, ETAG, null, DATE, 100));
        // RFC 9110 §8.8.2.2: a Last-Modified less than a second before Date is weak, and a date then never matches
        assertEquals(new Whole(), ByteRanges.decide("bytes=0-0", MODIFIED, ETAG, MODIFIED, MODIFIED, 100));
        assertEquals(new Whole(), ByteRanges.decide("bytes=0-0", MODIFIED, ETAG, MODIFIED, null, 100));
    }
}
