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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commands sent from an event loop go over one long-lived connection of that event loop, pipelined: a command does
 * not wait for the one before it to be answered, and commands that meet in the connection's buffers share one
 * system call each way (Redis answers every command of one read in one write).
 *
 * <p>Why not the client's pool, which the rest of the edge uses: the pool lends a connection per command, so
 * {@code n} concurrent commands cost Redis {@code n} reads and {@code n} writes, and the edge as many, every one a
 * wake-up of another process. Under a burst of misses that was most of a miss's cost in Redis (see
 * docs/benchmark.md, "Where a miss goes").
 *
 * <p>A connection that ends or fails is forgotten; the next command opens another. Commands from outside an event
 * loop (a worker thread) and commands while the connection's queue is full take the pool.
 */
final class RedisPipeline {
    private final Redis redis;
    /** The connection (being) opened for each event loop context. */
    private final Map<Context, Future<RedisConnection>> connections = new ConcurrentHashMap<>();

    RedisPipeline(Redis redis) {
        this.redis = redis;
    }

    /** {@code request} over the current event loop's connection, or over the pool (see the class). */
    Future<Response> send(Request request) {
        Context current = Vertx.currentContext();
        if (current == null || !Context.isOnEventLoopThread()) {
            return redis.send(request);
        }
        // a request runs on a duplicate of its event loop's context: one connection per event loop, not per request
        ContextInternal context = ((ContextInternal) current).unwrap();
        Future<RedisConnection> connection = connections.get(context);
        if (connection == null) {
            connection = open(context);
        }
        RedisConnection open = connection.result();
        if (open != null) {
            return open.pendingQueueFull() ? redis.send(request) : open.send(request);
        }
        return connection.compose(c -> c.send(request));
    }

    /** Opens the connection of {@code context} (called on its event loop, so no other command races this one). */
    private Future<RedisConnection> open(ContextInternal context) {
        Promise<RedisConnection> opened = Promise.promise();
        Future<RedisConnection> future = opened.future();
        connections.put(context, future);
        // opened on the event loop's own context, so that its answers are not bound to this request's duplicate
        context.runOnContext(v -> redis.connect().onComplete(done -> {
            if (done.failed()) {
                connections.remove(context, future); // the next command tries again
                opened.fail(done.cause());
                return;
            }
            RedisConnection c = done.result();
            c.exceptionHandler(e -> forget(context, future, c));
            c.endHandler(end -> forget(context, future, c));
            opened.complete(c);
        }));
        return future;
    }

    private void forget(Context context, Future<RedisConnection> future, RedisConnection c) {
        if (connections.remove(context, future)) {
            c.close();
        }
    }
}
