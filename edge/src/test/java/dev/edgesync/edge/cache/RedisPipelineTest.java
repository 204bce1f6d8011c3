package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.servers.RedisInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge's pipelined Redis connections against a real redis-server, behind a relay that can freeze the connections
 * it carries (as a Redis host that vanished without a reset: nothing comes back, nothing fails) while new ones pass.
 */
class RedisPipelineTest {

    @Test
    void commandsOfOneEventLoopShareOneConnection(@TempDir Path dir) throws Exception {
        try (Rig rig = Rig.start("pipeline-share", dir, Duration.ofMillis(500))) {
            List<Response> answers = onLoop(rig.loop, () -> Future.all(List.of(
                    rig.pipeline.send(Request.cmd(Command.SET).arg("p:a").arg("1")),
                    rig.pipeline.send(Request.cmd(Command.SET).arg("p:b").arg("2")),
                    rig.pipeline.send(Request.cmd(Command.GET).arg("p:a")))).map(all -> all.<Response>list()));
            assertEquals("1", answers.get(2).toString());
            assertEquals(1, rig.relay.connections(), "three commands in flight at once, one connection");
        }
    }

    @Test
    void aConnectionThatStopsAnsweringIsReplaced(@TempDir Path dir) throws Exception {
        try (Rig rig = Rig.start("pipeline-stuck", dir, Duration.ofMillis(300))) {
            assertEquals("PONG", rig.ping().toString());

            rig.relay.freeze(); // the connection now carries nothing either way, and reports nothing
            CompletableFuture<Response> lost = onLoopLater(rig.loop, () -> rig.pipeline.send(PING));
            assertTrue(waitFails(lost, 600), "the frozen connection answered");
            Thread.sleep(400); // longer than stuck-after with a command waiting

            // the next command finds the connection stuck and takes a new one, which the relay carries
            assertEquals("PONG", rig.ping().toString());
            assertEquals(2, rig.relay.connections());
            assertTrue(lost.isCompletedExceptionally(), "the stuck connection's command failed when it was closed");
        }
    }

    @Test
    void aSlowAnswerAfterAnIdleSpellIsNotTakenForAStuckConnection(@TempDir Path dir) throws Exception {
        try (Rig rig = Rig.start("pipeline-idle", dir, Duration.ofMillis(300))) {
            assertEquals("PONG", rig.ping().toString());
            Thread.sleep(500); // idle: nothing answered for longer than stuck-after, but nothing waited either

            // Redis holds every client's commands for 1.5 s (a busy Redis, CLIENT PAUSE in the tests)
            try (Socket admin = new Socket(InetAddress.getLoopbackAddress(), rig.server.port())) {
                admin.getOutputStream().write("CLIENT PAUSE 1500\r\n".getBytes());
                assertTrue(admin.getInputStream().read() > 0, "CLIENT PAUSE answered");
            }
            CompletableFuture<Response> first = onLoopLater(rig.loop, () -> rig.pipeline.send(PING));
            Thread.sleep(50);
            assertTrue(!first.isDone(), "the first command waits while Redis is paused");
            // the second command finds one waiting for 50 ms: not stuck, whatever the line did before
            CompletableFuture<Response> second = onLoopLater(rig.loop, () -> rig.pipeline.send(PING));
            assertEquals("PONG", first.get(5, TimeUnit.SECONDS).toString());
            assertEquals("PONG", second.get(5, TimeUnit.SECONDS).toString());
            assertEquals(1, rig.relay.connections(), "the slow connection was kept");
        }
    }

    @Test
    void aConnectionRedisClosesIsReplaced(@TempDir Path dir) throws Exception {
        try (Rig rig = Rig.start("pipeline-closed", dir, Duration.ofSeconds(5))) {
            assertEquals("PONG", rig.ping().toString());

            // Redis drops every client but the one asking (a restart, a CLIENT KILL, a maxclients sweep)
            try (Socket admin = new Socket(InetAddress.getLoopbackAddress(), rig.server.port())) {
                admin.getOutputStream().write("CLIENT KILL TYPE normal SKIPME yes\r\n".getBytes());
                assertTrue(admin.getInputStream().read() > 0, "CLIENT KILL answered");
            }
            Thread.sleep(300);

            assertEquals("PONG", rig.ping().toString());
            assertEquals(2, rig.relay.connections(), "a new connection after the old one closed");
        }
    }

    private static final Request PING = Request.cmd(Command.PING);

    /**
     * A redis-server, the relay in front of it, and a pipeline through the relay whose commands are sent from one
     * event loop ({@code loop}: its one connection).
     */
    private record Rig(RedisInstance server, Relay relay, Vertx vertx, RedisPipeline pipeline, Context loop)
            implements AutoCloseable {
        static Rig start(String name, Path dir, Duration stuckAfter) throws IOException {
            RedisInstance server = RedisInstance.start(name, dir, 0);
            Relay relay = new Relay(server.port());
            Vertx vertx = Vertx.vertx();
            return new Rig(server, relay, vertx, new RedisPipeline(client(vertx, relay.port()), stuckAfter),
                    vertx.getOrCreateContext());
        }

        Response ping() throws Exception {
            return onLoop(loop, () -> pipeline.send(PING));
        }

        @Override
        public void close() throws Exception {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } finally {
                relay.close();
                server.close();
            }
        }
    }

    private static Redis client(Vertx vertx, int port) {
        return Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port)
                .setMaxPoolSize(8).setMaxPoolWaiting(64));
    }

    /** {@code send} run on the event loop of {@code loop}, its answer waited for (at most 5 s). */
    private static <T> T onLoop(Context loop, Supplier<Future<T>> send) throws Exception {
        return onLoopLater(loop, send).get(5, TimeUnit.SECONDS);
    }

    private static <T> CompletableFuture<T> onLoopLater(Context loop, Supplier<Future<T>> send) {
        Promise<T> answer = Promise.promise();
        loop.runOnContext(v -> send.get().onComplete(answer));
        return answer.future().toCompletionStage().toCompletableFuture();
    }

    /** Whether {@code f} is still unanswered after {@code ms} (true) or was answered or failed. */
    private static boolean waitFails(CompletableFuture<?> f, long ms) throws InterruptedException {
        try {
            f.get(ms, TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /**
     * A TCP relay on 127.0.0.1 to a port: counts the connections it accepted; {@link #freeze} stops carrying bytes on
     * every connection it has, without closing them, while connections accepted later pass.
     */
    static final class Relay implements AutoCloseable {
        private final ServerSocket listener;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final List<AtomicBoolean> frozen = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        Relay(int target) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = listener.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        AtomicBoolean stop = new AtomicBoolean();
                        frozen.add(stop);
                        sockets.add(client);
                        sockets.add(upstream);
                        pump(client, upstream, stop);
                        pump(upstream, client, stop);
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "relay-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int connections() {
            return frozen.size();
        }

        void freeze() {
            frozen.forEach(stop -> stop.set(true));
        }

        private static void pump(Socket from, Socket to, AtomicBoolean stop) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0;) {
                        if (!stop.get()) { // frozen: read and dropped, as packets into a host that is gone
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
