package dev.edgesync.edge.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Commands sent from an event loop go over one long-lived connection of that event loop, pipelined: a command does
 * not wait for the one before it to be answered, and the commands of one event-loop turn leave in one system call
 * ({@link RedisFlushes}; Redis answers every command of one read in one write).
 *
 * <p>Why not the client's pool, which the rest of the edge uses: the pool lends a connection per command, so
 * {@code n} concurrent commands cost Redis {@code n} reads and {@code n} writes, and the edge as many, every one a
 * wake-up of another process. Under a burst of misses that was most of a miss's cost in Redis (see
 * docs/benchmark.md, "Where a miss goes").
 *
 * <p>A connection that ends or fails is forgotten, and so is one that has answered nothing for {@code stuckAfter}
 * while commands wait on it (a peer gone without a reset: its packets go nowhere, and the kernel would take minutes
 * to give up); the next command opens another. Commands from outside an event loop (a worker thread) and commands
 * while the connection's queue is full take the pool.
 */
final class RedisPipeline {
    private static final Logger LOG = Logger.getLogger(RedisPipeline.class);
    private final Redis redis;
    private final long stuckAfterNanos;
    /** The connection (being) opened for each event loop context; only that event loop touches its line. */
    private final Map<Context, Line> lines = new ConcurrentHashMap<>();

    RedisPipeline(Redis redis, Duration stuckAfter) {
        this.redis = redis;
        this.stuckAfterNanos = stuckAfter.toNanos();
    }

    /** One event loop's connection: opened (or being opened), with what waits on it. */
    private static final class Line {
        final Future<RedisConnection> opened;
        /** Commands sent and not answered yet. */
        int waiting;
        /** When the line last made progress (opened, a command answered or sent while none waited), nanoTime. */
        long progress = System.nanoTime();

        Line(Future<RedisConnection> opened) {
            this.opened = opened;
        }
    }

    /** {@code request} over the current event loop's connection, or over the pool (see the class). */
    Future<Response> send(Request request) {
        Context current = Vertx.currentContext();
        if (current == null || !Context.isOnEventLoopThread()) {
            return redis.send(request);
        }
        // a request runs on a duplicate of its event loop's context: one connection per event loop, not per request
        ContextInternal context = ((ContextInternal) current).unwrap();
        Line line = lines.get(context);
        if (line != null && line.waiting > 0 && System.nanoTime() - line.progress > stuckAfterNanos) {
            // no answer for too long: closed (its commands fail), the next ones take a new connection
            if (lines.remove(context, line)) {
                line.opened.onSuccess(RedisPipeline::forceClose);
            }
            line = null;
        }
        if (line == null) {
            line = open(context);
        }
        RedisConnection open = line.opened.result();
        if (open != null && open.pendingQueueFull()) {
            return redis.send(request);
        }
        Line sent = line;
        if (sent.waiting++ == 0) {
            // an idle line owes no answer: its wait starts now, not at its last answer (a slow answer after an idle
            // spell is not a stuck connection)
            sent.progress = System.nanoTime();
        }
        Future<Response> answer = open != null ? open.send(request) : line.opened.compose(c -> c.send(request));
        return answer.andThen(done -> {
            sent.waiting--;
            sent.progress = System.nanoTime();
        });
    }

    /** Opens the connection of {@code context} (called on its event loop, so no other command races this one). */
    private Line open(ContextInternal context) {
        Promise<RedisConnection> opened = Promise.promise();
        Line line = new Line(opened.future());
        lines.put(context, line);
        // opened on the event loop's own context, so that its answers are not bound to this request's duplicate
        context.runOnContext(v -> redis.connect().onComplete(done -> {
            if (done.failed()) {
                lines.remove(context, line); // the next command tries again
                opened.fail(done.cause());
                return;
            }
            RedisConnection c = done.result();
            if (lines.get(context) != line) {
                forceClose(c); // opened after it was given up as stuck: another line serves this loop now
                opened.fail("Redis connection given up before it opened");
                return;
            }
            RedisFlushes.install(c);
            c.exceptionHandler(e -> forget(context, line));
            c.endHandler(end -> forget(context, line));
            line.progress = System.nanoTime();
            opened.complete(c);
        }));
        return line;
    }

    /**
     * Closes {@code c} for good: a lent connection's {@code close} only hands it back to the client's pool (or keeps
     * it, with commands waiting), so the client's own connection under Quarkus's wrapper and the lease is closed.
     */
    private static void forceClose(RedisConnection c) {
        RedisConnection actual;
        try {
            actual = RedisConnectionParts.actual(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("A stuck Redis connection is handed back to the pool, not closed (out of reach: %s)", e);
            actual = c;
        }
        if (actual instanceof io.vertx.redis.client.impl.RedisConnectionInternal internal) {
            internal.forceClose();
        } else {
            c.close();
        }
    }

    private void forget(Context context, Line line) {
        if (lines.remove(context, line)) {
            line.opened.onSuccess(RedisConnection::close);
        }
    }
}
