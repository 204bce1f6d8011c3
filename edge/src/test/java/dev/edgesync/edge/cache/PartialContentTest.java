package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.PartialContent.Part;
import dev.edgesync.edge.cache.PartialContent.Piece;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartialContentTest {

    private static Piece piece(long first, long last, long length, String body) {
        return new Piece(new Part(first, last, length), body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aContentRangeGivesThePartOnlyWhenItMatchesTheBody() {
        assertEquals(new Part(0, 4, 11), PartialContent.of("bytes 0-4/11", "text/plain", 5));
        assertNull(PartialContent.of("bytes 0-4/11", "text/plain", 4), "body size differs");
        assertNull(PartialContent.of("bytes 0-4/*", null, 5), "unknown length");
        assertNull(PartialContent.of("bytes */11", null, 0));
        assertNull(PartialContent.of("items 0-4/11", null, 5));
        assertNull(PartialContent.of("bytes 4-0/11", null, 5));
        assertNull(PartialContent.of("bytes 0-11/11", null, 12), "beyond the length");
        assertNull(PartialContent.of("bytes 0-4/11", "multipart/byteranges; boundary=x", 5));
        assertNull(PartialContent.of(null, null, 5));
    }

    @Test
    void aPartAnswersOneRangeInsideIt() {
        Part part = new Part(2, 6, 11);
        assertEquals(new ByteRanges.Span(3, 5), PartialContent.answerable(part, "bytes=3-5"));
        assertEquals(new ByteRanges.Span(2, 6), PartialContent.answerable(part, "bytes=2-6"));
        assertNull(PartialContent.answerable(part, "bytes=1-3"), "starts before the part");
        assertNull(PartialContent.answerable(part, "bytes=5-"), "open range to the end");
        assertNull(PartialContent.answerable(part, "bytes=2-3,5-6"), "several ranges");
        assertNull(PartialContent.answerable(part, "bytes=20-30"), "unsatisfiable");
        assertEquals(new ByteRanges.Span(6, 6), PartialContent.answerable(new Part(6, 10, 11), "bytes=6-6"));
        assertEquals(new ByteRanges.Span(8, 10), PartialContent.answerable(new Part(6, 10, 11), "bytes=-3"));
    }

    @Test
    void partsCombineOnlyWithTheSameStrongEtagAndNoGap() {
        Piece a = piece(0, 4, 11, "hello");
        Piece b = piece(5, 10, 11, " world");
        Piece whole = PartialContent.combine(a, "\"v\"", b, "\"v\"");
        assertTrue(whole.part().complete());
        assertArrayEquals("hello world".getBytes(StandardCharsets.ISO_8859_1), whole.body());
        Piece overlapping = PartialContent.combine(piece(3, 8, 11, "lo wor"), "\"v\"", a, "\"v\"");
        assertEquals(new Part(0, 8, 11), overlapping.part());
        assertArrayEquals("hello wor".getBytes(StandardCharsets.ISO_8859_1), overlapping.body());
        assertNull(PartialContent.combine(a, "\"v\"", b, "\"w\""), "other representation");
        assertNull(PartialContent.combine(a, "W/\"v\"", b, "W/\"v\""), "weak");
        assertNull(PartialContent.combine(a, null, b, null), "no validator");
        assertNull(PartialContent.combine(a, "\"v\"", piece(6, 10, 11, "world"), "\"v\""), "a gap");
        assertNull(PartialContent.combine(a, "\"v\"", piece(5, 10, 12, " world"), "\"v\""), "other length");
    }

    @Test
    void partsWithGapsAreKeptSideBySideAndMergeWhenTheyTouch() {
        PartialContent.Parts parts = PartialContent.add(null, null, piece(0, 2, 11, "hel"), "\"v\"");
        parts = PartialContent.add(parts, "\"v\"", piece(8, 10, 11, "rld"), "\"v\"");
        assertEquals("bytes 0-2,8-10/11", parts.contentRange());
        assertArrayEquals("helrld".getBytes(StandardCharsets.ISO_8859_1), parts.body());
        PartialContent.Parts decoded = PartialContent.Parts.decode(parts.contentRange(), parts.body());
        assertEquals(parts.contentRange(), decoded.contentRange());
        assertArrayEquals(parts.body(), decoded.body());
        assertEquals(new ByteRanges.Span(9, 10), parts.answer("bytes=9-10").span());
        assertArrayEquals("ld".getBytes(StandardCharsets.ISO_8859_1), parts.answer("bytes=9-10").bytes());
        assertNull(parts.answer("bytes=2-8"), "across the gap");
        assertNull(parts.complete());
        PartialContent.Parts whole = PartialContent.add(parts, "\"v\"", piece(3, 7, 11, "lo wo"), "\"v\"");
        assertArrayEquals("hello world".getBytes(StandardCharsets.ISO_8859_1), whole.complete().body());
        PartialContent.Parts other = PartialContent.add(parts, "\"v\"", piece(3, 7, 11, "LO WO"), "\"w\"");
        assertEquals("bytes 3-7/11", other.contentRange(), "another representation replaces the stored parts");
        assertNull(PartialContent.Parts.decode("bytes 0-2,8-10/11", new byte[5]), "body size differs");
    }

    @Test
    void beyondEightPartsTheSmallestStoredOneIsDropped() {
        PartialContent.Parts parts = PartialContent.add(null, null, piece(0, 0, 100, "a"), "\"v\"");
        for (int first = 10; first <= 80; first += 10) {
            parts = PartialContent.add(parts, "\"v\"", piece(first, first + 1, 100, "xy"), "\"v\"");
        }
        assertEquals(PartialContent.MAX_PARTS, parts.pieces().size());
        assertNull(parts.answer("bytes=0-0"));
        assertEquals(new ByteRanges.Span(80, 81), parts.answer("bytes=80-81").span());
    }
}
