package dev.edgesync.edge.cache;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.redis.client.RedisConnection;
import org.jboss.logging.Logger;

/**
 * The commands an event loop writes to its pipelined Redis connection ({@link RedisPipeline}) in one turn leave in
 * one system call: Netty's {@link FlushConsolidationHandler} on the connection's channel holds each flush until the
 * loop has handled the sockets that were ready together, then flushes once. Vert.x flushes every command at once
 * unless it was written while that same connection was being read, so a turn that took ten requests from ten clients
 * wrote ten times to Redis (each a wake-up of Redis, on the same core); a command now waits at most for the rest of
 * its turn.
 *
 * <p>The socket is reached through {@link RedisConnectionParts}; when a newer client hides it, {@link #install} logs
 * once and the connection flushes per command as before.
 */
final class RedisFlushes {
    private static final Logger LOG = Logger.getLogger(RedisFlushes.class);
    static final String HANDLER = "edgesync-flush-consolidation";
    private static volatile boolean warned;

    private RedisFlushes() {
    }

    /** Installs the consolidation on {@code connection}'s channel; false when its socket cannot be reached. */
    static boolean install(RedisConnection connection) {
        try {
            NetSocket socket = RedisConnectionParts.socket(connection);
            if (!(socket instanceof NetSocketInternal internal)) {
                throw new IllegalStateException("no Netty channel behind " + connection.getClass().getName());
            }
            ChannelPipeline pipeline = internal.channelHandlerContext().pipeline();
            if (pipeline.get(HANDLER) == null) {
                // consolidateWhenNoReadInProgress: commands are sent from other connections' reads (the clients')
                pipeline.addFirst(HANDLER, new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warnf("Redis commands are flushed one by one (the Redis client's socket is out of reach: %s)",
                        e.toString());
            }
            return false;
        }
    }
}
