package dev.edgesync.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.edgesync.testkit.servers.Ports;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class DelayingProxyTest {
    @Test
    void passesRequestsOnAndDelaysThemOnlyWhileTold() throws Exception {
        HttpServer origin = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 0);
        origin.createContext("/", x -> {
            byte[] body = "hello".getBytes();
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        origin.start();
        HttpClient client = HttpClient.newHttpClient(); // keeps its connection alive: the delay must hold on it too
        try (DelayingProxy proxy = new DelayingProxy(0, origin.getAddress().getPort())) {
            HttpRequest get = HttpRequest.newBuilder(URI.create(proxy.url() + "/x")).build();
            assertEquals("hello", client.send(get, HttpResponse.BodyHandlers.ofString()).body());
            proxy.delay(600);
            long start = System.nanoTime();
            assertEquals("hello", client.send(get, HttpResponse.BodyHandlers.ofString()).body());
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 600, "answer was not delayed");
        } finally {
            origin.stop(0);
        }
    }
}
