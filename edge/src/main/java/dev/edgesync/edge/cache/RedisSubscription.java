package dev.edgesync.edge.cache;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.jboss.logging.Logger;

/**
 * One Redis pub/sub channel on a connection of its own, subscribed again 250 ms after the connection is lost. The
 * edge's three channels use it: the L1 coherence feed ({@link RegionCoherence}), fill notices and ban notices.
 */
public final class RedisSubscription {
    private static final Logger LOG = Logger.getLogger(RedisSubscription.class);

    /** What the owner of a channel does on its events; each is called on the event loop. */
    public interface Listener {
        /** The channel is subscribed (again): messages sent while it was not were missed. Called before {@link #subscribed()} turns true. */
        void subscribed();

        /** A message's payload. */
        void message(String payload);

        /** The subscription was lost (it is retried): messages may be missed until {@link #subscribed()} again. */
        default void lost() {
        }
    }

    private final Vertx vertx;
    private final String redisUrl;
    private final String channel;
    private final Listener listener;

    private volatile boolean running;
    private volatile boolean subscribed;
    private Redis client;
    private RedisConnection connection;

    public RedisSubscription(Vertx vertx, String redisUrl, String channel, Listener listener) {
        this.vertx = vertx;
        this.redisUrl = redisUrl;
        this.channel = channel;
        this.listener = listener;
    }

    /** Whether messages arrive now. */
    public boolean subscribed() {
        return subscribed;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxPoolSize(1));
        connect();
    }

    public void stop() {
        RedisConnection closing;
        Redis closingClient;
        synchronized (this) {
            running = false;
            subscribed = false;
            closing = connection;
            closingClient = client;
            connection = null;
            client = null;
        }
        // outside the monitor: closing takes the connection's lock, which the event loop holds while it reports the
        // end of that connection to lost(), which waits for this monitor (a deadlock that froze the event loop)
        if (closing != null) {
            closing.close();
        }
        if (closingClient != null) {
            closingClient.close();
        }
    }

    private synchronized void connect() {
        if (!running) {
            return;
        }
        Redis c = client;
        c.connect().onSuccess(conn -> {
            synchronized (this) {
                if (!running || c != client) {
                    conn.close();
                    return;
                }
                connection = conn;
            }
            conn.handler(this::onMessage);
            conn.exceptionHandler(e -> lost(conn, e));
            conn.endHandler(v -> lost(conn, null));
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
                    .onSuccess(r -> subscribedOn(conn))
                    .onFailure(e -> lost(conn, e));
        }).onFailure(this::retry);
    }

    private synchronized void subscribedOn(RedisConnection conn) {
        if (conn != connection || subscribed) {
            return;
        }
        listener.subscribed();
        subscribed = true;
        LOG.debugf("Subscribed to %s", channel);
    }

    private void lost(RedisConnection conn, Throwable e) {
        synchronized (this) {
            if (conn != connection) {
                return;
            }
            subscribed = false;
            connection = null;
            conn.close();
        }
        listener.lost();
        retry(e);
    }

    private void retry(Throwable e) {
        if (!running) {
            return;
        }
        LOG.debugf("%s down (%s), subscribing again", channel, e == null ? "connection closed" : e.getMessage());
        vertx.setTimer(250, t -> connect());
    }

    private void onMessage(Response message) {
        if (message != null && message.size() >= 3 && "message".equalsIgnoreCase(message.get(0).toString())) {
            listener.message(message.get(2).toString());
        }
    }
}
