package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.RawOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, a {@code 206} from the origin stored and reused (RFC 9111 §3.3, §3.4), in front of a {@link RawOrigin}
 * that answers each request with the part the test gives it.
 */
@QuarkusTest
@TestProfile(WireCornersTest.Raw.class)
class PartialContentStoreTest extends EdgeTestSupport {
    static final RawOrigin RAW = RawOrigin.get();

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    private static String any(String name) {
        return "/partial-" + RUN + "/" + name;
    }

    private static byte[] part(String contentRange, String etag, String body) {
        return RawOrigin.response("206 Partial Content", List.of("Date: " + HttpDate.format(System.currentTimeMillis()),
                "Cache-Control: max-age=600", "Content-Type: text/plain", "ETag: " + etag,
                "Content-Range: " + contentRange), body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] part(String contentRange, String etag, String body, String... more) {
        List<String> lines = new java.util.ArrayList<>(List.of("Date: " + HttpDate.format(System.currentTimeMillis()),
                "Cache-Control: max-age=600", "Content-Type: text/plain", "ETag: " + etag,
                "Content-Range: " + contentRange));
        lines.addAll(List.of(more));
        return RawOrigin.response("206 Partial Content", lines, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] whole(String etag, String body) {
        return RawOrigin.response("200 OK", List.of("Date: " + HttpDate.format(System.currentTimeMillis()),
                "Cache-Control: max-age=600", "Content-Type: text/plain", "ETag: " + etag),
                body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Response range(String p, String range) {
        return given().header("Range", range).get(p).andReturn();
    }

    private static Response range(String p, String range, String name, String value) {
        return given().header("Range", range).header(name, value).get(p).andReturn();
    }

    @Test
    void aStoredPartAnswersALaterRangeInsideIt() {
        String p = any("reuse");
        RawOrigin.Script script = RAW.answer(p, part("bytes 0-4/11", "\"v1\"", "hello"));
        Response first = range(p, "bytes=0-4");
        assertEquals(206, first.statusCode());
        assertEquals("hello", first.asString());
        assertEquals("bytes 0-4/11", first.getHeader("Content-Range"));

        Response inside = range(p, "bytes=1-3");
        assertEquals(206, inside.statusCode());
        assertEquals("HIT", inside.getHeader("X-Cache"));
        assertEquals("ell", inside.asString());
        assertEquals("bytes 1-3/11", inside.getHeader("Content-Range"));
        assertEquals("\"v1\"", inside.getHeader("ETag"));
        assertEquals(1, script.reads(), "answered from the stored part");

        // outside the part, or the whole representation: the origin is asked
        range(p, "bytes=3-8");
        assertEquals(2, script.reads());
        Response whole = get(p);
        assertNotEquals("HIT", whole.getHeader("X-Cache"));
        assertEquals(3, script.reads());
    }

    @Test
    void twoPartsWithTheSameStrongEtagCombineIntoTheCompleteResponse() {
        String p = any("combine");
        RawOrigin.Script first = RAW.answer(p, part("bytes 0-4/11", "\"v1\"", "hello"));
        assertEquals("hello", range(p, "bytes=0-4").asString());
        RawOrigin.Script second = RAW.answer(p, part("bytes 5-10/11", "\"v1\"", " world"));
        Response rest = range(p, "bytes=5-10");
        assertEquals(206, rest.statusCode());
        assertEquals(" world", rest.asString());
        assertEquals("bytes 5-10/11", rest.getHeader("Content-Range"));

        Response whole = get(p);
        assertEquals(200, whole.statusCode());
        assertEquals("HIT", whole.getHeader("X-Cache"));
        assertEquals("hello world", whole.asString());
        assertEquals(null, whole.getHeader("Content-Range"));
        Response middle = range(p, "bytes=3-7");
        assertEquals("HIT", middle.getHeader("X-Cache"));
        assertEquals("lo wo", middle.asString());
        assertEquals(1, first.reads());
        assertEquals(1, second.reads());
    }

    @Test
    void nonAdjacentPartsAreKeptAndCombineOnceTheyCoverTheBody() {
        String p = any("several");
        RawOrigin.Script head = RAW.answer(p, part("bytes 0-2/11", "\"v1\"", "hel"));
        assertEquals("hel", range(p, "bytes=0-2").asString());
        RawOrigin.Script tail = RAW.answer(p, part("bytes 8-10/11", "\"v1\"", "rld"));
        assertEquals("rld", range(p, "bytes=8-10").asString());

        Response first = range(p, "bytes=0-1");
        assertEquals("HIT", first.getHeader("X-Cache"), "the first part was kept beside the second");
        assertEquals("he", first.asString());
        Response last = range(p, "bytes=9-10");
        assertEquals("HIT", last.getHeader("X-Cache"));
        assertEquals("ld", last.asString());
        assertEquals("bytes 9-10/11", last.getHeader("Content-Range"));
        assertEquals(1, head.reads());
        assertEquals(1, tail.reads());
        range(p, "bytes=1-9"); // spans the gap: the origin is asked
        assertEquals(2, tail.reads());

        RawOrigin.Script middle = RAW.answer(p, part("bytes 3-7/11", "\"v1\"", "lo wo"));
        assertEquals("lo wo", range(p, "bytes=3-7").asString());
        Response whole = get(p);
        assertEquals(200, whole.statusCode());
        assertEquals("HIT", whole.getHeader("X-Cache"), "three parts covering the body are the complete response");
        assertEquals("hello world", whole.asString());
        assertEquals(1, middle.reads());
    }

    @Test
    void aCompleteResponseStoredAfterAPartAnswersRangesInsteadOfIt() {
        String p = any("complete-after-part");
        RAW.answer(p, part("bytes 0-4/11", "\"v1\"", "hello"));
        range(p, "bytes=0-4");
        RawOrigin.Script full = RAW.answer(p, whole("\"v2\"", "HELLO WORLD"));
        assertEquals("HELLO WORLD", get(p).asString()); // a plain GET fills the complete response
        Response inside = range(p, "bytes=1-3");
        assertEquals(206, inside.statusCode());
        assertEquals("ELL", inside.asString(), "the newer complete response, not the older part (RFC 9111 §4)");
        assertEquals("\"v2\"", inside.getHeader("ETag"));
        assertEquals("HIT", inside.getHeader("X-Cache"));
        assertEquals(1, full.reads());
    }

    @Test
    void atMostEightPartsAreKeptPerKeyAndTheSmallestGoesFirst() {
        String p = any("bounded");
        String body = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"; // 40 bytes
        RAW.answer(p, part("bytes 0-0/40", "\"v1\"", "a"));
        range(p, "bytes=0-0");
        for (int first = 4; first <= 32; first += 4) { // eight more parts of two bytes, gaps between them
            RAW.answer(p, part("bytes " + first + "-" + (first + 1) + "/40", "\"v1\"", body.substring(first, first + 2)));
            range(p, "bytes=" + first + "-" + (first + 1));
        }
        RawOrigin.Script after = RAW.answer(p, part("bytes 0-0/40", "\"v1\"", "a"));
        for (int first = 4; first <= 32; first += 4) {
            Response kept = range(p, "bytes=" + first + "-" + (first + 1));
            assertEquals("HIT", kept.getHeader("X-Cache"), "part at " + first);
            assertEquals(body.substring(first, first + 2), kept.asString());
        }
        assertEquals(0, after.reads());
        range(p, "bytes=0-0");
        assertEquals(1, after.reads(), "the ninth part made room by dropping the smallest");
    }

    @Test
    void ifRangeMatchingAStoredPartIsAnsweredFromIt() {
        String p = any("if-range-part");
        long now = System.currentTimeMillis();
        String modified = HttpDate.format(now - 3_600_000);
        RawOrigin.Script script = RAW.answer(p, part("bytes 0-4/11", "\"v1\"", "hello", "Last-Modified: " + modified));
        range(p, "bytes=0-4");
        Response byTag = range(p, "bytes=1-3", "If-Range", "\"v1\"");
        assertEquals(206, byTag.statusCode());
        assertEquals("HIT", byTag.getHeader("X-Cache"));
        assertEquals("ell", byTag.asString());
        Response byDate = range(p, "bytes=0-1", "If-Range", modified);
        assertEquals(206, byDate.statusCode());
        assertEquals("HIT", byDate.getHeader("X-Cache"));
        assertEquals("he", byDate.asString());
        assertEquals(1, script.reads());
        // a weak tag never matches (RFC 9110 §13.1.5): not answered from the part
        range(p, "bytes=1-3", "If-Range", "W/\"v1\"");
        assertEquals(2, script.reads());
    }

    @Test
    void ifRangeNotMatchingAStoredPartGetsTheWholeResponse() {
        String p = any("if-range-changed");
        RAW.answer(p, part("bytes 0-4/11", "\"v1\"", "hello"));
        range(p, "bytes=0-4");
        RawOrigin.Script changed = RAW.answer(p, whole("\"v2\"", "HELLO WORLD"));
        Response stale = range(p, "bytes=1-3", "If-Range", "\"v0\"");
        assertEquals(200, stale.statusCode(), "the client's copy is not the stored part's: the whole representation");
        assertEquals("HELLO WORLD", stale.asString());
        assertEquals(1, changed.reads());
        Response current = range(p, "bytes=1-3", "If-Range", "\"v2\"");
        assertEquals(206, current.statusCode());
        assertEquals("ELL", current.asString());
        assertEquals("HIT", current.getHeader("X-Cache"));
    }

    @Test
    void anOrigin206ThatDoesNotMatchTheClientsIfRangeIsNotPassedOn() {
        String p = any("if-range-origin");
        RAW.answer(p, part("bytes 0-4/11", "\"v2\"", "HELLO"));
        Response answer = range(p, "bytes=0-4", "If-Range", "\"v1\"");
        assertNotEquals(206, answer.statusCode(), "a part of another representation than the client's");
        assertEquals(502, answer.statusCode());
        assertEquals("application/problem+json", answer.getContentType());
        Response matching = range(p, "bytes=0-4", "If-Range", "\"v2\"");
        assertEquals(206, matching.statusCode());
        assertEquals("HELLO", matching.asString());
    }

    @Test
    void partsOfAVaryingResponseAreStoredPerVariant() {
        String p = any("vary");
        RawOrigin.Script en = RAW.answer(p, part("bytes 0-4/11", "\"en\"", "hello", "Vary: Accept-Language"));
        range(p, "bytes=0-4", "Accept-Language", "en");
        RawOrigin.Script fr = RAW.answer(p, part("bytes 0-4/11", "\"fr\"", "bonjo", "Vary: Accept-Language"));
        range(p, "bytes=0-4", "Accept-Language", "fr");

        Response english = range(p, "bytes=1-3", "Accept-Language", "en");
        assertEquals("HIT", english.getHeader("X-Cache"));
        assertEquals("ell", english.asString());
        assertEquals("\"en\"", english.getHeader("ETag"));
        Response french = range(p, "bytes=1-3", "Accept-Language", "fr");
        assertEquals("HIT", french.getHeader("X-Cache"));
        assertEquals("onj", french.asString());
        assertEquals(1, en.reads());
        assertEquals(1, fr.reads());
        Response german = range(p, "bytes=1-3", "Accept-Language", "de");
        assertNotEquals("HIT", german.getHeader("X-Cache"), "no part of this variant");
        assertEquals(2, fr.reads());
    }

    @Test
    void ifRangeWithADateMatchesAStoredCompleteResponseOnlyWhenItsLastModifiedIsStrong() {
        long now = System.currentTimeMillis();
        String weakPath = any("date-weak");
        String date = HttpDate.format(now);
        // Last-Modified equal to Date is a weak validator (RFC 9110 §8.8.2.2): the condition is false
        RAW.answer(weakPath, RawOrigin.response("200 OK", List.of("Date: " + date, "Last-Modified: " + date,
                "Cache-Control: max-age=600", "Content-Type: text/plain"), "hello world".getBytes(StandardCharsets.ISO_8859_1)));
        get(weakPath);
        Response weak = range(weakPath, "bytes=0-4", "If-Range", date);
        assertEquals(200, weak.statusCode());
        assertEquals("hello world", weak.asString());

        String strongPath = any("date-strong");
        String modified = HttpDate.format(now - 3_600_000);
        RAW.answer(strongPath, RawOrigin.response("200 OK", List.of("Date: " + date, "Last-Modified: " + modified,
                "Cache-Control: max-age=600", "Content-Type: text/plain"), "hello world".getBytes(StandardCharsets.ISO_8859_1)));
        get(strongPath);
        Response strong = range(strongPath, "bytes=0-4", "If-Range", modified);
        assertEquals(206, strong.statusCode());
        assertEquals("hello", strong.asString());
    }

    @Test
    void partsWithDifferentEtagsDoNotCombine() {
        String p = any("different-etags");
        RAW.answer(p, part("bytes 0-4/11", "\"v1\"", "hello"));
        range(p, "bytes=0-4");
        RawOrigin.Script second = RAW.answer(p, part("bytes 5-10/11", "\"v2\"", " WORLD"));
        range(p, "bytes=5-10");
        get(p);
        assertEquals(2, second.reads(), "no complete response was made of two representations");
        // the newer part replaced the older one
        Response newer = range(p, "bytes=6-10");
        assertEquals("HIT", newer.getHeader("X-Cache"));
        assertEquals("WORLD", newer.asString());
    }

    @Test
    void weakEtagsDoNotCombine() {
        String p = any("weak");
        RAW.answer(p, part("bytes 0-4/11", "W/\"v1\"", "hello"));
        range(p, "bytes=0-4");
        RawOrigin.Script second = RAW.answer(p, part("bytes 5-10/11", "W/\"v1\"", " world"));
        range(p, "bytes=5-10");
        get(p);
        assertEquals(2, second.reads());
    }

    @Test
    void aPurgedKeyDoesNotAnswerFromItsPart() {
        String p = any("purged");
        RawOrigin.Script script = RAW.answer(p, part("bytes 0-4/11", "\"v1\"", "hello"));
        range(p, "bytes=0-4");
        apply(purge(List.of(p), List.of(), List.of(), dev.edgesync.events.PurgeMode.HARD));
        range(p, "bytes=1-3");
        assertEquals(2, script.reads(), "a key purge reaches the stored part");
    }
}
