package dev.edgesync.origin.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.Topics;
import dev.edgesync.origin.Api;
import dev.edgesync.origin.Eventually;
import dev.edgesync.origin.KafkaTopics;
import dev.edgesync.origin.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console reads a changed item through each region only while a page is open: its reads are real reads (a
 * lazy region revalidates for them), so with nobody watching it must not add readers to the lab's regions.
 */
@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
@QuarkusTestResource(ConsoleReadsTest.RecordingEdgeUrl.class)
class ConsoleReadsTest {
    /** Paths read through the recording edge (the region's edge as the console sees it). */
    static final Set<String> READS = ConcurrentHashMap.newKeySet();
    /** JVM-wide: the resource and the test are loaded by different class loaders, so they meet on a property. */
    private static final String PORT = "edgesync.test.console-edge-port";
    private static HttpServer edge;

    @TestHTTPResource("/console/api/stream")
    URI stream;

    /**
     * us-east's edge URL for the console: the recording edge's port. A test resource, not a profile: every test of the
     * module then shares one application start (a profile restarts Quarkus in a new class loader, where the outage
     * tests' {@code LocalServers.shared()} would be another set of servers).
     */
    public static class RecordingEdgeUrl implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("edgesync.console.edges", "us-east=http://127.0.0.1:" + edgePort());
        }

        @Override
        public void stop() {
        }
    }

    @BeforeAll
    static void startEdge() {
        edge = recordingEdge(edgePort());
    }

    @AfterAll
    static void stopEdge() {
        edge.stop(0);
    }

    @Test
    void itemsAreReadThroughARegionOnlyWhileAPageIsOpen() throws Exception {
        int id = Api.create(Api.slug(), List.of("console"));
        String path = "changes.find { it.contentId == " + id + " }";
        Eventually.until(Duration.ofSeconds(10), "the create on the timeline", () -> state().get(path) != null);
        JsonPath created = state();
        String eventId = created.getString(path + ".eventId");
        long appliedAt = created.getLong(path + ".issuedAt") + 100;
        KafkaTopics.send(Topics.ACKS, eventId, EventCodec.encode(InvalidationAck.of(eventId, "us-east", appliedAt, "e1")));
        Eventually.until(Duration.ofSeconds(10), "us-east applied on the timeline",
                () -> state().get(path + ".regions.'us-east'.appliedAt") != null);

        Thread.sleep(1_000); // ten console ticks with no page open
        assertEquals(Set.of(), Set.copyOf(READS), "read through the region with no page open");

        CompletableFuture<HttpResponse<InputStream>> page = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try {
            Eventually.until(Duration.ofSeconds(10), "the item read once a page is open",
                    () -> READS.contains("/api/content/" + id));
        } finally {
            page.thenAccept(r -> {
                try {
                    r.body().close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static JsonPath state() {
        return given().when().get("/console/api/state").then().statusCode(200).extract().jsonPath();
    }

    private static synchronized int edgePort() {
        if (System.getProperty(PORT) == null) {
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                System.setProperty(PORT, String.valueOf(free.getLocalPort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Integer.getInteger(PORT);
    }

    private static HttpServer recordingEdge(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                if (path.startsWith("/api/content/")) {
                    READS.add(path);
                    exchange.getResponseHeaders().add("X-Content-Version", "1");
                    exchange.getResponseHeaders().add("X-Cache", "HIT");
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
