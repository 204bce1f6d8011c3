package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.PurgeMode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What an attacker or a careless client sends through the edge (issue 11, edge side): deletes, URL aliases,
 * spoofed internal headers, a revalidation triggered with {@code no-store}, bad request targets, oversized input.
 */
@QuarkusTest
class HostileInputTest extends EdgeTestSupport {
    /** The lower tier's shared secret of the test profile ({@code %test.edgesync.tier.secret}). */
    static final String TIER_SECRET = "test-tier-secret";

    private static Response raw(String target) {
        return given().urlEncodingEnabled(false).get(target).andReturn();
    }

    private static InvalidationEvent deleted(String key, long version) {
        return InvalidationEvent.contentChanged(EventKind.CONTENT_DELETED, key, List.of(), version,
                System.currentTimeMillis());
    }

    // --- 1. deletes

    @Test
    void aDeletedItemIsGoneFromAnEagerRegionAndStaysGone() {
        region("eager", 0);
        String p = path("hostile/delete/eager");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        assertEquals(200, get(p).statusCode());
        route.status(404).cacheControl(null); // the origin's 404 problem: no version, no Cache-Control
        apply(deleted(p, 2));
        for (int i = 0; i < 3; i++) {
            Response r = get(p);
            assertEquals(404, r.statusCode(), "a 404 satisfies any minimum version: " + r.asString());
        }
    }

    @Test
    void aDeletedItemIsGoneFromALazyRegionAfterOneStaleAnswer() {
        region("lazy", 0);
        String p = path("hostile/delete/lazy");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        assertEquals(200, get(p).statusCode());
        route.status(404).cacheControl(null);
        apply(deleted(p, 2));
        Response stale = get(p);
        assertEquals("STALE", stale.getHeader("X-Cache"));
        assertEquals(200, stale.statusCode());
        assertEquals(404, awaitStatus(p, 404, 3000), "the revalidation's 404 replaces the stale copy");
        for (int i = 0; i < 3; i++) {
            assertEquals(404, get(p).statusCode());
        }
    }

    private static int awaitStatus(String p, int status, long withinMs) {
        long deadline = System.currentTimeMillis() + withinMs;
        int last;
        do {
            last = get(p).statusCode();
            if (last == status) {
                return last;
            }
            sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return last;
    }

    // --- 2. canonical keys

    @Test
    void everyAliasOfAnItemServesTheNewVersionAfterAContentEvent() {
        region("eager", 0);
        String id = "r" + RUN + "-13";
        String p = "/api/content/" + id;
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        List<String> aliases = List.of(p, p + "?utm_source=x", "/api/content/r" + RUN + "-%313",
                "/%2e%2e/api/content/" + id, "/api/./content/" + id, "/api/x/../content/" + id,
                "/api/content/%72" + RUN + "-13");
        for (String alias : aliases) {
            Response r = raw(alias);
            assertEquals(200, r.statusCode(), alias);
            assertEquals(1, version(r), alias);
        }
        assertEquals(1, route.reads(), "one key, one origin fetch");
        route.version(2);
        apply(updated(p, List.of(), 2, PurgeMode.DEFAULT));
        for (String alias : aliases) {
            assertEquals(2, version(raw(alias)), alias);
        }
        assertEquals(2, route.reads());
    }

    @Test
    void theListKeepsItsPagingParametersSortedAndDropsOthers() {
        String canonical = "/api/content?page=1&size=10&tag=r" + RUN;
        TestOrigin.Route route = ORIGIN.route(canonical).version(1);
        assertEquals(200, raw("/api/content?size=10&tag=r" + RUN + "&page=1&utm_source=x").statusCode());
        assertEquals("HIT", raw(canonical).getHeader("X-Cache"));
        assertEquals("HIT", raw("/api/content?tag=r" + RUN + "&utm_campaign=y&page=1&size=10").getHeader("X-Cache"));
        assertEquals(1, route.reads(), "the origin is asked for the canonical target");
    }

    @Test
    void aWritesLocationInvalidatesTheCanonicalKey() {
        region("eager", 0);
        String item = "/api/content/r" + RUN + "-77";
        ORIGIN.route(item).version(1);
        get(item);
        assertEquals("HIT", get(item).getHeader("X-Cache"));
        String form = path("hostile/form");
        ORIGIN.route(form).header("Location", "/api/content/%72" + RUN + "-77?utm_source=x");
        assertEquals(200, given().body("{}").contentType("application/json").post(form).statusCode());
        assertEquals("MISS", get(item).getHeader("X-Cache"), "the Location's canonical key was invalidated");
    }

    // --- 3. internal headers

    @Test
    void aSpoofedMinVersionIsIgnored() {
        region("eager", 0);
        String p = path("hostile/spoof/min-version");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        Response r = given().header("X-EdgeSync-Min-Version", "999999999999").get(p).andReturn();
        assertEquals(200, r.statusCode());
        assertEquals(1, route.reads());
        assertEquals("HIT", given().header("X-EdgeSync-Min-Version", "999999999999").get(p).getHeader("X-Cache"));
        assertEquals(1, route.reads());
        assertNull(route.lastRequestHeaders.get("x-edgesync-min-version"));
    }

    @Test
    void aSpoofedTierGetsNoSurrogateKey() {
        String p = path("hostile/spoof/tier");
        ORIGIN.route(p).version(1).tags("content-1 secret-tag");
        get(p);
        Response r = given().header("X-EdgeSync-Tier", "edge").header("X-EdgeSync-Tier-Auth", "guess")
                .get(p).andReturn();
        assertEquals(200, r.statusCode());
        assertNull(r.getHeader("Surrogate-Key"));
        Response real = given().header("X-EdgeSync-Tier", "edge").header("X-EdgeSync-Tier-Auth", TIER_SECRET)
                .get(p).andReturn();
        assertEquals("content-1 secret-tag", real.getHeader("Surrogate-Key"), "an authenticated tier gets the tags");
    }

    @Test
    void aFailureCausedByOneRequestsMinVersionIsNotHandedToCollapsedRequests() throws Exception {
        region("eager", 0);
        String p = path("hostile/collapse/min-version");
        ORIGIN.route(p).version(1).delay(400);
        CompletableFuture<Response> tier = CompletableFuture.supplyAsync(() -> given()
                .header("X-EdgeSync-Tier", "edge").header("X-EdgeSync-Tier-Auth", TIER_SECRET)
                .header("X-EdgeSync-Min-Version", "5").get(p).andReturn());
        sleep(100);
        Response plain = get(p);
        assertEquals(200, plain.statusCode(), "the plain request is not handed the tier's 503: " + plain.asString());
        assertEquals(503, tier.get().statusCode());
    }

    // --- 4. revalidation hijack

    @Test
    void aNoStoreRequestCannotKeepTheRevalidatedCopyFromBeingStored() {
        region("lazy", 0);
        String p = path("hostile/revalidate/no-store");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        route.version(2);
        apply(updated(p, List.of(), 2, PurgeMode.DEFAULT));
        Response trigger = given().header("Cache-Control", "no-store").header("Pragma", "no-cache").get(p).andReturn();
        assertEquals("STALE", trigger.getHeader("X-Cache"));
        long deadline = System.currentTimeMillis() + 3000;
        Response r;
        do {
            sleep(50);
            r = get(p);
        } while (!"HIT".equals(r.getHeader("X-Cache")) && System.currentTimeMillis() < deadline);
        assertEquals("HIT", r.getHeader("X-Cache"));
        assertEquals(2, version(r));
        assertNull(route.lastRequestHeaders.get("pragma"), "the revalidation sends a request of its own");
    }

    // --- 5 and 6. bad request targets, bounded work

    @Test
    void controlCharactersInTheTargetAre400FromTheEdge() {
        String p = path("hostile/nul");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        for (String target : List.of("/api/purge/%00", p + "%00", p + "?q=%00", p + "?q=a%0Db", p + "%7f")) {
            raw(target).then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://edgesync.dev/problems/invalid-target"));
        }
        assertEquals(0, route.reads());
    }

    @Test
    void malformedPercentEncodingIs400() throws Exception {
        for (String target : List.of(path("hostile/%zz"), path("hostile/%4"), path("hostile/x?q=%g1"))) {
            // Vert.x itself refuses some of them (400, connection closed); the edge's gate the others (a problem)
            String response = exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 400"), target + ": " + response);
        }
    }

    @Test
    void aRequestWithContentLengthAndTransferEncodingIsAnsweredAndTheConnectionClosed() throws Exception {
        String p = path("hostile/cl-te");
        ORIGIN.route(p).version(1);
        // RFC 9112 6.1: the chunked framing wins, and the connection must be closed after the answer (no keep-alive,
        // so no smuggled second request is read from it)
        String response = exchange("POST " + p + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n4\r\nabcd\r\n0\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 "), response);
        assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), response);
    }

    /** Sends {@code request} as it is on a new connection; the whole response until the server closes. */
    private static String exchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            try {
                while ((n = in.read(buf)) >= 0) {
                    all.write(buf, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the connection was left open after: "
                        + all.toString(StandardCharsets.US_ASCII));
            }
            return all.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void anOverlongPathIs414() {
        String p = path("hostile/long/") + "a/".repeat(1100);
        raw(p).then().statusCode(414).contentType("application/problem+json")
                .body("type", equalTo("https://edgesync.dev/problems/uri-too-long"));
    }

    @Test
    void anOriginClientErrorStaysAClientError() {
        String p = path("hostile/origin-400");
        ORIGIN.route(p).status(400).cacheControl(null);
        assertEquals(400, get(p).statusCode());
    }

    @Test
    void anOversizedBodyIs413() {
        String p = path("hostile/body");
        ORIGIN.route(p);
        byte[] body = new byte[2 * 1024 * 1024];
        given().body(body).contentType("application/octet-stream").post(p).then().statusCode(413);
        assertTrue(ORIGIN.existing(p).methods.isEmpty(), "nothing forwarded");
    }

    @Test
    void aWriteThroughTheEdgeCarriesItsAuthorizationAndGetsTheOrigins401AsItIs() {
        String p = path("hostile/write-auth");
        TestOrigin.Route route = ORIGIN.route(p).header("WWW-Authenticate", "Bearer realm=\"edgesync\"");
        route.writeStatus = 401;
        Response r = given().header("Authorization", "Bearer wrong-write-token").contentType("application/json")
                .body("{}").put(p).andReturn();
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"edgesync\"", r.getHeader("WWW-Authenticate"));
        assertEquals(List.of("Bearer wrong-write-token"), route.lastRequestHeaders.get("authorization"));
    }

    @Test
    void theAdminTokenIsCheckedBeforeTheBodyIsRead() {
        // malformed JSON without a token: 401, not 400 (the body is never parsed)
        given().contentType("application/json").body("{not json").put("/admin/region").then().statusCode(401);
    }
}
