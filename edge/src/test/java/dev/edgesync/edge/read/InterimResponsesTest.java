package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.RawOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, interim (1xx) responses from the origin (RFC 9110 §15.2), in front of a {@link RawOrigin}: a
 * {@code 103 Early Hints} reaches the client before the final response, a {@code 102 Processing} does not break the
 * fill, a client's {@code Expect: 100-continue} upload gets its {@code 100 Continue}, and nothing interim is stored.
 * The client here is a raw socket, because HTTP client libraries hide interim responses.
 */
@QuarkusTest
@TestProfile(WireCornersTest.Raw.class)
class InterimResponsesTest extends EdgeTestSupport {
    static final RawOrigin RAW = RawOrigin.get();
    private static final String LINK = "Link: </styles.css>; rel=preload; as=style";

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    private static String any(String name) {
        return "/interim-" + RUN + "/" + name;
    }

    private static byte[] ok(String status, String body) {
        return RawOrigin.response(status, List.of("Date: " + HttpDate.format(System.currentTimeMillis()),
                "Cache-Control: max-age=100000", "Content-Type: text/plain"), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void earlyHintsReachTheClientBeforeTheFinalResponseAndAreNotStored() throws IOException {
        String p = any("early-hints");
        RawOrigin.Script script = RAW.answer(p, RawOrigin.concat(
                RawOrigin.interim("103 Early Hints", List.of(LINK)), ok("200 OK", "final")));
        String miss = exchange("GET " + p + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(miss.startsWith("HTTP/1.1 103 "), miss);
        String hints = miss.substring(0, miss.indexOf("\r\n\r\n"));
        assertTrue(hints.toLowerCase(Locale.ROOT).contains(LINK.toLowerCase(Locale.ROOT)), hints);
        String rest = miss.substring(miss.indexOf("\r\n\r\n") + 4);
        assertTrue(rest.startsWith("HTTP/1.1 200 "), miss);
        assertTrue(rest.endsWith("final"), miss);
        assertFalse(rest.toLowerCase(Locale.ROOT).contains("link:"), "the hint is not a field of the final response");

        String hit = exchange("GET " + p + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(hit.startsWith("HTTP/1.1 200 "), "no interim response replayed from the store: " + hit);
        assertTrue(hit.contains("X-Cache: HIT"), hit);
        assertFalse(hit.toLowerCase(Locale.ROOT).contains("link:"), hit);
        assertTrue(hit.endsWith("final"), hit);
        assertEquals(1, script.reads());
    }

    @Test
    void aRequestCollapsedOntoAFillGetsTheOriginsEarlyHintsToo() throws Exception {
        String p = any("early-hints-collapsed");
        RawOrigin.Script script = RAW.answer(p, RawOrigin.interim("103 Early Hints", List.of(LINK)));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        script.afterHold = ok("200 OK", "final");
        script.hold = release;
        String get = "GET " + p + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        try (Socket leader = new Socket("127.0.0.1", RestAssured.port);
                Socket waiter = new Socket("127.0.0.1", RestAssured.port)) {
            leader.setSoTimeout(10_000);
            send(leader, get);
            String leaderHints = head(leader.getInputStream());
            assertTrue(leaderHints.startsWith("HTTP/1.1 103 "), leaderHints);
            // the fill is under way (its origin holds the final response): this request joins it
            waiter.setSoTimeout(1_500); // below the origin timeout (2 s), after which the fill fails
            send(waiter, get);
            String waiterFirst;
            try {
                waiterFirst = head(waiter.getInputStream());
            } catch (SocketTimeoutException e) {
                waiterFirst = "nothing before the final response";
            }
            release.countDown();
            waiter.setSoTimeout(10_000);
            String waiterRest = new String(waiter.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            String leaderRest = new String(leader.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(waiterFirst.startsWith("HTTP/1.1 103 "), waiterFirst);
            assertTrue(waiterFirst.toLowerCase(Locale.ROOT).contains(LINK.toLowerCase(Locale.ROOT)), waiterFirst);
            assertTrue(waiterRest.startsWith("HTTP/1.1 200 "), waiterRest);
            assertTrue(waiterRest.endsWith("final"), waiterRest);
            assertFalse(waiterRest.toLowerCase(Locale.ROOT).contains("link:"), waiterRest);
            assertTrue(leaderRest.startsWith("HTTP/1.1 200 "), leaderRest);
            assertEquals(1, script.reads(), "the second request was collapsed onto the first one's fill");
        } finally {
            release.countDown();
        }
        String hit = exchange("GET " + p + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(hit.startsWith("HTTP/1.1 200 "), "hints of a finished fill are not replayed: " + hit);
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    @Test
    void anHttp10ClientGetsNoInterimResponse() throws IOException {
        String p = any("early-hints-http10");
        RAW.answer(p, RawOrigin.concat(RawOrigin.interim("103 Early Hints", List.of(LINK)), ok("200 OK", "final")));
        String r = exchange("GET " + p + " HTTP/1.0\r\nHost: localhost\r\n\r\n");
        // RFC 9110 §15.2: a server must not send a 1xx response to an HTTP/1.0 client
        assertTrue(r.startsWith("HTTP/1.0 200 ") || r.startsWith("HTTP/1.1 200 "), r);
        assertTrue(r.endsWith("final"), r);
    }

    @Test
    void aProcessingInterimResponseDoesNotBreakTheFill() {
        String p = any("processing");
        RawOrigin.Script script = RAW.answer(p, RawOrigin.concat(
                RawOrigin.interim("102 Processing", List.of()), ok("200 OK", "after processing")));
        Response miss = get(p);
        assertEquals(200, miss.statusCode(), miss.asString());
        assertEquals("after processing", miss.asString());
        Response hit = get(p);
        assertEquals(200, hit.statusCode());
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals("after processing", hit.asString());
        assertEquals(1, script.reads());
    }

    @Test
    void everyInterimKindBeforeTheFinalResponseLeavesOnlyTheFinalOneStored() {
        String p = any("all-interim");
        RawOrigin.Script script = RAW.answer(p, RawOrigin.concat(
                RawOrigin.interim("100 Continue", List.of()),
                RawOrigin.interim("102 Processing", List.of()),
                RawOrigin.interim("103 Early Hints", List.of(LINK)),
                ok("200 OK", "last")));
        assertEquals("last", get(p).asString());
        Response hit = get(p);
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals(200, hit.statusCode());
        assertEquals("last", hit.asString());
        assertEquals(null, hit.getHeader("Link"));
        assertEquals(1, script.reads());
    }

    @Test
    void anExpectContinueUploadGetsContinueAndItsBodyReachesTheOrigin() throws IOException {
        uploadWithExpectContinue("POST", any("expect-continue-post"));
    }

    @Test
    void anExpectContinueUploadWithAnUnknownMethodGetsContinueAndItsBodyReachesTheOrigin() throws IOException {
        uploadWithExpectContinue("PROPPATCH", any("expect-continue-unknown"));
    }

    private static void uploadWithExpectContinue(String method, String p) throws IOException {
        RawOrigin.Script script = RAW.answer(p, RawOrigin.response("201 Created", List.of("Content-Type: text/plain"),
                "stored".getBytes(StandardCharsets.UTF_8)));
        script.continueOnExpect = true;
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + p + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 11\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head;
            try {
                head = head(in);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no 100 Continue: the client would wait before sending its body");
            }
            assertTrue(head.startsWith("HTTP/1.1 100 "), head);
            out.write("hello world".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(rest.startsWith("HTTP/1.1 201 "), "one 100, then the origin's final answer: " + rest);
            assertTrue(rest.endsWith("stored"), rest);
        }
        assertEquals("hello world", new String(script.lastBody, StandardCharsets.US_ASCII));
    }

    @Test
    void aForwardedPostGetsTheOriginsEarlyHintsBeforeItsFinalAnswer() throws IOException {
        String p = any("post-interim");
        RawOrigin.Script script = RAW.answer(p, RawOrigin.concat(
                RawOrigin.interim("102 Processing", List.of()),
                RawOrigin.interim("103 Early Hints", List.of(LINK)),
                RawOrigin.response("201 Created", List.of("Content-Type: text/plain"),
                        "created".getBytes(StandardCharsets.UTF_8))));
        String r = exchange("POST " + p + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 4\r\nConnection: close\r\n\r\nbody");
        assertHintsThenFinal(r, "201", "created");
        assertEquals("body", new String(script.lastBody, StandardCharsets.US_ASCII));
    }

    @Test
    void aForwardedUnknownMethodGetsTheOriginsEarlyHintsBeforeItsFinalAnswer() throws IOException {
        String p = any("unknown-interim");
        RawOrigin.Script script = RAW.answer(p, RawOrigin.concat(
                RawOrigin.interim("103 Early Hints", List.of(LINK)),
                RawOrigin.response("207 Multi-Status", List.of("Content-Type: text/plain"),
                        "patched".getBytes(StandardCharsets.UTF_8))));
        String r = exchange("PROPPATCH " + p + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 4\r\nConnection: close\r\n\r\nbody");
        assertHintsThenFinal(r, "207", "patched");
        assertEquals("body", new String(script.lastBody, StandardCharsets.US_ASCII));
    }

    /** {@code r} is a 103 carrying the hint, then the final {@code status} with {@code body} and without the hint. */
    private static void assertHintsThenFinal(String r, String status, String body) {
        assertTrue(r.startsWith("HTTP/1.1 103 "), "the origin's 103 reaches the client first: " + r);
        String hints = r.substring(0, r.indexOf("\r\n\r\n"));
        assertTrue(hints.toLowerCase(Locale.ROOT).contains(LINK.toLowerCase(Locale.ROOT)), hints);
        String rest = r.substring(r.indexOf("\r\n\r\n") + 4);
        assertTrue(rest.startsWith("HTTP/1.1 " + status + " "), "one 103, then the origin's final answer: " + r);
        assertTrue(rest.endsWith(body), r);
        assertFalse(rest.toLowerCase(Locale.ROOT).contains("link:"), "the hint is not a field of the final response");
    }

    /** One response head (up to the blank line). */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
            String s = b.toString(StandardCharsets.US_ASCII);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** {@code request} on a new connection; everything the edge sends until it closes. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
