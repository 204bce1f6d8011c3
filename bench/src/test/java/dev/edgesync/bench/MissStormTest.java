package dev.edgesync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The miss-storm driver against a JDK HTTP server on loopback: every request in flight at once, every answer read. */
class MissStormTest {
    private static final int N = 100;

    private HttpServer server;
    private ExecutorService pool;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private int serve(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        pool = Executors.newFixedThreadPool(N + 8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 2 * N);
        server.setExecutor(pool);
        server.createContext("/", handler);
        server.start();
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange x, int status, boolean chunked) throws IOException {
        byte[] body = new byte[512];
        x.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void everyRequestIsInFlightAtOnceAndTheSlowestAnswerIsTimed() throws Exception {
        // the server answers no request until all N have arrived: a driver that did not send them at once would wait
        // out the server's 5 s and get 503s
        CountDownLatch all = new CountDownLatch(N);
        AtomicInteger served = new AtomicInteger();
        int port = serve(x -> {
            all.countDown();
            try {
                boolean together = all.await(5, TimeUnit.SECONDS);
                Thread.sleep(150);
                // every other answer chunked, the rest with a Content-Length
                answer(x, together ? 200 : 503, served.incrementAndGet() % 2 == 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        MissStorm.Result r = MissStorm.run("127.0.0.1", port, "/slow/k", N);

        assertEquals(N, r.ok(), r.toString());
        assertEquals(0, r.errors(), r.toString());
        assertTrue(r.slowestMs() >= 150 && r.slowestMs() < 5_000, r.toString());
    }

    @Test
    void aConnectionClosedWithoutAnAnswerAndANon200AreErrors() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        int port = serve(x -> {
            int i = seen.incrementAndGet();
            if (i % 4 == 0) {
                x.close(); // no response at all
            } else {
                answer(x, i % 4 == 1 ? 200 : 404, false);
            }
        });

        MissStorm.Result r = MissStorm.run("127.0.0.1", port, "/slow/k", N, 10_000);

        assertEquals(N / 4, r.ok(), r.toString());
        assertEquals(N - N / 4, r.errors(), r.toString());
    }
}
