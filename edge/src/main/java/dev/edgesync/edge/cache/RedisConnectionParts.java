package dev.edgesync.edge.cache;

import io.vertx.core.net.NetSocket;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.impl.PooledRedisConnection;
import io.vertx.redis.client.impl.RedisConnectionInternal;
import java.lang.reflect.Field;

/**
 * What the Redis client keeps private about a connection it lends: the client's own connection under Quarkus's
 * observing wrapper and the pool's lease, and that connection's socket. {@link RedisPipeline} needs the first to close
 * a stuck connection for good and {@link RedisFlushes} the second to consolidate its flushes.
 *
 * <p>Why by reflection: neither Quarkus's wrapper ({@code ObservableRedis}) nor the Vert.x client opens these; the
 * two private fields read here are exercised by {@code RedisFlushesTest}, which fails when a newer client renames them.
 */
final class RedisConnectionParts {
    private static final String QUARKUS_WRAPPER = "io.quarkus.redis.runtime.client.ObservableRedis";

    private RedisConnectionParts() {
    }

    /** The client's own connection under {@code connection}'s wrapper and lease, or {@code connection} itself. */
    static RedisConnection actual(RedisConnection connection) throws ReflectiveOperationException {
        RedisConnection c = connection;
        if (c.getClass().getName().startsWith(QUARKUS_WRAPPER)) {
            c = (RedisConnection) field(c, "delegate");
        }
        return c instanceof PooledRedisConnection pooled ? pooled.actual() : c;
    }

    /** The socket {@code connection} reads and writes. */
    static NetSocket socket(RedisConnection connection) throws ReflectiveOperationException {
        RedisConnection actual = actual(connection);
        if (!(actual instanceof RedisConnectionInternal)) {
            throw new IllegalStateException("not a client connection: " + actual.getClass().getName());
        }
        return (NetSocket) field(actual, "netSocket");
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }
}
