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

    private static Response range(String p, String range) {
        return given().header("Range", range).get(p).andReturn();
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
