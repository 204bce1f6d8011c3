package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.hit.HitRoute;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.PlainHttpCacheProfile;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edge as a plain HTTP cache ({@code edgesync.invalidation.enabled=false}): no Kafka broker where it points,
 * and it starts, is ready and serves; HTTP freshness alone decides what L1 answers.
 */
@QuarkusTest
@TestProfile(PlainHttpCacheTest.NoInvalidationStream.class)
class PlainHttpCacheTest extends EdgeTestSupport {

    public static class NoInvalidationStream extends PlainHttpCacheProfile {
    }

    @Inject
    RegionCoherence coherence;

    @Inject
    HitRoute hitRoute;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;

    @BeforeEach
    void setUp() {
        awaitSubscribed(coherence); // its first subscription drops L1: a fill across it would keep no copy
    }

    @Test
    void servesMissThenHitWithoutKafka() {
        String p = path("plain/1");
        TestOrigin.Route route = ORIGIN.route(p).version(3);
        given().get("/q/health/ready").then().statusCode(200);
        Response miss = get(p);
        assertEquals(200, miss.statusCode());
        assertEquals("MISS", miss.getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        long answered = hitRoute.answered();
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        assertEquals(answered + 1, hitRoute.answered(), "L1 answers on the event loop");
        assertEquals(1, route.requests.get());
    }

    @Test
    void l1NeedsNoFeedToAnswer() {
        String p = path("plain/2");
        ORIGIN.route(p).version(1);
        get(p);
        get(p);
        coherence.stop();
        try {
            assertTrue(coherence.current(), "no invalidation stream to be current with: freshness decides");
            long answered = hitRoute.answered();
            assertEquals("HIT", get(p).getHeader("X-Cache"));
            assertEquals(answered + 1, hitRoute.answered());
        } finally {
            coherence.start();
        }
    }

    @Test
    void sendsNoCoherenceHeartbeats() throws IOException {
        // with an invalidation stream a replica publishes a heartbeat on the feed every 20 ms to prove it is current;
        // a plain cache's L1 is always current, so those would be 50 Redis commands a second for nothing
        URI redis = URI.create(redisHosts.split(",")[0].trim());
        String heard;
        try (Socket socket = new Socket(redis.getHost(), redis.getPort())) {
            socket.getOutputStream().write(("SUBSCRIBE " + RegionCoherence.CHANNEL + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(100);
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            byte[] buf = new byte[8192];
            long until = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < until) {
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    received.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                } catch (SocketTimeoutException quiet) {
                    // nothing published meanwhile
                }
            }
            heard = received.toString();
        }
        assertTrue(heard.contains("subscribe"), "subscribed: " + heard);
        assertTrue(!heard.contains("\r\nh\n"), "heartbeats published in 500 ms: " + heard);
    }
}
