package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.RawOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, what only exact bytes on the wire can show, in front of a {@link RawOrigin}: repeated {@code Age} lines,
 * a malformed {@code Expires}, transfer codings, interim (1xx) responses and a 206 from the origin.
 */
@QuarkusTest
@TestProfile(WireCornersTest.Raw.class)
class WireCornersTest extends EdgeTestSupport {
    static final RawOrigin RAW = RawOrigin.get();

    public static class Raw implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EdgeTestResources.class, Map.of("origin", "raw")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    private static String any(String name) {
        return "/wire-" + RUN + "/" + name;
    }

    private static byte[] ok(List<String> headers, String body) {
        return RawOrigin.response("200 OK", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String now() {
        return "Date: " + HttpDate.format(System.currentTimeMillis());
    }

    // --- Age (RFC 9111 §5.1: a list-based Age: the first member counts)

    @Test
    void aRepeatedAgeCountsItsFirstValueWhenThatIsTheOlder() {
        String p = any("age-first-older");
        RawOrigin.Script script = RAW.answer(p, ok(List.of(now(), "Cache-Control: max-age=3600", "Age: 7200",
                "Age: 0"), "aged"));
        Response first = get(p);
        assertEquals(List.of("7200"), first.getHeaders().getValues("Age"), "one Age, from the first line");
        assertNotEquals("HIT", get(p).getHeader("X-Cache"), "7200 s old with max-age=3600: stale on arrival");
        assertEquals(2, script.reads());
    }

    @Test
    void aRepeatedAgeCountsItsFirstValueWhenThatIsTheYounger() {
        String p = any("age-first-younger");
        RawOrigin.Script script = RAW.answer(p, ok(List.of(now(), "Cache-Control: max-age=3600", "Age: 0",
                "Age: 7200"), "young"));
        get(p);
        Response second = get(p);
        assertEquals("HIT", second.getHeader("X-Cache"));
        assertEquals(1, second.getHeaders().getValues("Age").size());
        assertTrue(Long.parseLong(second.getHeader("Age")) <= 2, "the first value (0) counted: " + second.getHeader("Age"));
        assertEquals(1, script.reads());
    }

    // --- Expires (RFC 9110 §5.6.7 IMF-fixdate; RFC 9111 §5.3: an invalid Expires means already expired)

    @Test
    void anExpiresWithAOneDigitHourIsAlreadyExpired() {
        String bad = any("expires-one-digit-hour");
        RawOrigin.Script invalid = RAW.answer(bad, ok(List.of(now(), "Expires: Thu, 01 Jan 2099 1:00:00 GMT"), "x"));
        get(bad);
        assertNotEquals("HIT", get(bad).getHeader("X-Cache"));
        assertEquals(2, invalid.reads());

        String good = any("expires-two-digit-hour");
        RawOrigin.Script valid = RAW.answer(good, ok(List.of(now(), "Expires: Thu, 01 Jan 2099 01:00:00 GMT"), "x"));
        get(good);
        assertEquals("HIT", get(good).getHeader("X-Cache"));
        assertEquals(1, valid.reads());
    }

    // --- Transfer-Encoding (RFC 9112 §6.1, §7): hop-by-hop; the content is stored and replayed, not the coding

    @Test
    void aChunkedResponseIsStoredAndReplayedAsItsContent() {
        String p = any("chunked");
        byte[] chunks = ("5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        RawOrigin.Script script = RAW.answer(p, RawOrigin.response("200 OK",
                List.of(now(), "Cache-Control: max-age=60", "Content-Type: text/plain", "Transfer-Encoding: chunked"),
                chunks));
        Response miss = get(p);
        assertEquals("hello world", miss.asString());
        Response hit = get(p);
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals("hello world", hit.asString());
        assertNull(hit.getHeader("Content-Encoding"));
        assertEquals(1, script.reads());
    }

    @Test
    void aGzipTransferCodingIsRemovedBeforeTheContentIsStored() {
        String p = any("gzip-transfer-coding");
        byte[] gz = gzip("hello world, compressed for this hop only");
        byte[] chunked = RawOrigin.concat((Integer.toHexString(gz.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1),
                gz, "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        RawOrigin.Script script = RAW.answer(p, RawOrigin.response("200 OK",
                List.of(now(), "Cache-Control: max-age=60", "Content-Type: text/plain", "Transfer-Encoding: gzip, chunked"),
                chunked));
        assertEquals("hello world, compressed for this hop only", get(p).asString());
        Response hit = get(p);
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals("hello world, compressed for this hop only", hit.asString());
        assertNull(hit.getHeader("Content-Encoding"));
        assertEquals(1, script.reads());
    }

    @Test
    void anUnknownTransferCodingIsNotStoredNorPassedOn() {
        String p = any("unknown-transfer-coding");
        RAW.answer(p, RawOrigin.response("200 OK", List.of(now(), "Cache-Control: max-age=60",
                "Transfer-Encoding: zstd, chunked"), "3\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        Response r = get(p);
        assertEquals(502, r.statusCode(), r.asString());
        assertEquals("application/problem+json", r.getContentType());
    }

    // --- interim responses (RFC 9110 §15.2)

    @Test
    void interimResponsesAreNeverStoredAndTheFinalResponseIs() {
        String p = any("interim");
        // the other 1xx and what reaches the client: InterimResponsesTest
        RawOrigin.Script script = RAW.answer(p, RawOrigin.concat(
                RawOrigin.interim("100 Continue", List.of()),
                RawOrigin.interim("103 Early Hints", List.of("Link: </styles.css>; rel=preload; as=style")),
                ok(List.of(now(), "Cache-Control: max-age=100000"), "final")));
        Response miss = get(p);
        assertEquals(200, miss.statusCode());
        assertEquals("final", miss.asString());
        Response hit = get(p);
        assertEquals(200, hit.statusCode());
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals("final", hit.asString());
        assertEquals(1, script.reads());
    }

    // --- 206 from the origin (RFC 9111 §3.3): passed through; stored as a part, which never answers a plain GET
    // (reuse and combining: PartialContentStoreTest)

    @Test
    void aPartialResponseFromTheOriginIsPassedThroughAndNeverAnswersAPlainGet() {
        String p = any("origin-206");
        RawOrigin.Script script = RAW.answer(p, RawOrigin.response("206 Partial Content",
                List.of(now(), "Cache-Control: max-age=60", "Content-Range: bytes 0-4/11", "Content-Type: text/plain"),
                "hello".getBytes(StandardCharsets.ISO_8859_1)));
        Response first = get(p);
        assertEquals(206, first.statusCode());
        assertEquals("bytes 0-4/11", first.getHeader("Content-Range"));
        assertEquals("hello", first.asString());
        Response second = get(p);
        assertNotEquals("HIT", second.getHeader("X-Cache"));
        assertEquals(206, second.statusCode());
        assertEquals(2, script.reads());
    }

    static byte[] gzip(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
