package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.RedisConnectionInternal;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Commands written to Redis in one event-loop turn leave in one system call ({@link RedisFlushes}), on the connection
 * type the edge's pipeline really gets (Quarkus's client, as {@link RedisAccess} uses it), against the real Redis; and
 * every command still gets its own answer.
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class RedisFlushesTest {
    private static final int COMMANDS = 20;
    private static final String COUNTER = "count-flushes";

    @Inject
    io.vertx.mutiny.redis.client.Redis redis;

    @Inject
    Vertx vertx;

    @Test
    void commandsOfOneTurnAreFlushedOnce() throws Exception {
        Turn turn = sendInOneTurn(true);
        // one for the turn (Vert.x may flush once more when it has read the answers, with nothing left to write)
        assertTrue(turn.flushes <= 2, "flushes reaching the socket for " + COMMANDS + " commands of one turn: "
                + turn.flushes);
        assertEquals(expected(), turn.answers);
    }

    @Test
    void withoutItEachCommandIsFlushed() throws Exception {
        // the same turn on a plain connection: what the edge did before, and proof that the count sees every flush
        Turn turn = sendInOneTurn(false);
        assertTrue(turn.flushes >= COMMANDS, "flushes: " + turn.flushes);
        assertEquals(expected(), turn.answers);
    }

    private record Turn(int flushes, List<String> answers) {
    }

    private static List<String> expected() {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < COMMANDS; i++) {
            answers.add("flush-" + i);
        }
        return answers;
    }

    /** Opens a connection on an event loop, then sends {@link #COMMANDS} ECHOs from one task of that loop. */
    private Turn sendInOneTurn(boolean consolidated) throws Exception {
        CompletableFuture<Turn> done = new CompletableFuture<>();
        AtomicInteger flushes = new AtomicInteger();
        vertx.getOrCreateContext().runOnContext(v -> redis.getDelegate().connect().onComplete(opened -> {
            if (opened.failed()) {
                done.completeExceptionally(opened.cause());
                return;
            }
            RedisConnection c = opened.result();
            ChannelPipeline pipeline;
            try {
                if (consolidated) {
                    assertTrue(RedisFlushes.install(c), "the client's socket is within reach");
                }
                pipeline = ((NetSocketInternal) RedisConnectionParts.socket(c)).channelHandlerContext().pipeline();
            } catch (Exception | AssertionError e) {
                c.close();
                done.completeExceptionally(e);
                return;
            }
            // first in the pipeline: it sees the flushes that reach the socket, below any consolidation
            pipeline.addFirst(COUNTER, new ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(ChannelHandlerContext ctx) {
                    flushes.incrementAndGet();
                    ctx.flush();
                }
            });
            // a later task of the loop, as a request's handler is: not inside this connection's own read
            vertx.getOrCreateContext().runOnContext(x -> {
                List<Future<Response>> answers = new ArrayList<>();
                for (int i = 0; i < COMMANDS; i++) {
                    answers.add(c.send(Request.cmd(Command.ECHO).arg("flush-" + i)));
                }
                Future.all(answers).onComplete(all -> {
                    int counted = flushes.get();
                    // back to the pool as it was lent: the edge's other commands borrow from it too
                    pipeline.remove(COUNTER);
                    if (pipeline.get(RedisFlushes.HANDLER) != null) {
                        pipeline.remove(RedisFlushes.HANDLER);
                    }
                    c.close();
                    if (all.failed()) {
                        done.completeExceptionally(all.cause());
                        return;
                    }
                    List<String> texts = new ArrayList<>();
                    answers.forEach(a -> texts.add(a.result().toString()));
                    done.complete(new Turn(counted, texts));
                });
            });
        }));
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void quarkusClientConnectionsUnwrapToTheClientsOwn() throws Exception {
        // what RedisPipeline closes a stuck connection through: not the wrapper's close, which hands it back
        CompletableFuture<RedisConnection> opened = new CompletableFuture<>();
        redis.getDelegate().connect().onComplete(c -> {
            if (c.failed()) {
                opened.completeExceptionally(c.cause());
            } else {
                opened.complete(c.result());
            }
        });
        RedisConnection c = opened.get(10, TimeUnit.SECONDS);
        try {
            assertTrue(RedisConnectionParts.actual(c) instanceof RedisConnectionInternal,
                    "unwrapped: " + RedisConnectionParts.actual(c).getClass().getName());
        } finally {
            c.close();
        }
    }
}
