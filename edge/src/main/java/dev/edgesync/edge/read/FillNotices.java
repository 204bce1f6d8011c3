package dev.edgesync.edge.read;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells a miss waiting for another replica's fill ({@link RegionFill}) that the fill is done. A waiter marks the
 * fill lock as awaited (in the lock script); the fill's store or release then publishes the lock's key on
 * {@value #CHANNEL} (in the same script, only when someone waits), and every replica's subscription wakes its waiters
 * of that lock, which look up the entry at once. The timer {@code edgesync.cache.fill-poll} remains only as the
 * fallback for a notice that never comes (subscription down, filler crashed).
 */
@ApplicationScoped
public class FillNotices {
    private static final Logger LOG = Logger.getLogger(FillNotices.class);
    /** The channel the store's scripts publish a finished fill's lock key on. */
    public static final String CHANNEL = "edgesync:fill";

    private final Vertx vertx;
    private final String redisUrl;
    /** Waiters by fill lock key (Redis key): completed on that lock's notice. */
    private final ConcurrentHashMap<String, java.util.Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private volatile boolean subscribed;
    private volatile boolean running;
    private Redis client;
    private RedisConnection connection;

    @Inject
    public FillNotices(Vertx vertx, @ConfigProperty(name = "quarkus.redis.hosts") String redisHosts) {
        this.vertx = vertx;
        this.redisUrl = redisHosts.split(",")[0].trim();
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) {
            running = false;
            subscribed = false;
            if (connection != null) {
                connection.close();
                connection = null;
            }
            if (client != null) {
                client.close();
            }
        }
    }

    private synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxPoolSize(1));
        connect();
    }

    /** Whether notices arrive: false while the subscription is down (waiters then rely on the timer). */
    public boolean subscribed() {
        return subscribed;
    }

    /**
     * The next notice of {@code lockRedisKey}: taken before the lock script runs, so that a fill finishing between
     * the script's answer and the wait is not missed.
     */
    public CompletableFuture<Void> watch(String lockRedisKey) {
        CompletableFuture<Void> notice = new CompletableFuture<>();
        waiting.compute(lockRedisKey, (k, set) -> {
            java.util.Set<CompletableFuture<Void>> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(notice);
            return s;
        });
        return notice;
    }

    /** Stops watching (the miss did not wait, or waited its turn). */
    public void unwatch(String lockRedisKey, CompletableFuture<Void> notice) {
        waiting.computeIfPresent(lockRedisKey, (k, set) -> {
            set.remove(notice);
            return set.isEmpty() ? null : set;
        });
    }

    /** Waits for {@code notice} or {@code fallback}, whichever comes first, holding no thread. */
    public Uni<Void> await(CompletableFuture<Void> notice, Duration fallback) {
        return Uni.createFrom().completionStage(notice).ifNoItem().after(fallback).recoverWithItem((Void) null);
    }

    /** Wakes the waiters of {@code lockRedisKey} (a notice arrived). */
    void notice(String lockRedisKey) {
        java.util.Set<CompletableFuture<Void>> waiters = waiting.remove(lockRedisKey);
        if (waiters != null) {
            waiters.forEach(w -> w.complete(null));
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
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL))
                    .onSuccess(r -> subscribed = true)
                    .onFailure(e -> lost(conn, e));
        }).onFailure(this::retry);
    }

    private synchronized void lost(RedisConnection conn, Throwable e) {
        if (conn != connection) {
            return;
        }
        subscribed = false;
        connection = null;
        conn.close();
        // notices may have been missed: the waiters look now
        java.util.List.copyOf(waiting.keySet()).forEach(this::notice);
        retry(e);
    }

    private void retry(Throwable e) {
        if (!running) {
            return;
        }
        LOG.debugf("Fill notices down (%s), resubscribing", e == null ? "connection closed" : e.getMessage());
        vertx.setTimer(250, t -> connect());
    }

    private void onMessage(Response message) {
        if (message != null && message.size() >= 3 && "message".equalsIgnoreCase(message.get(0).toString())) {
            notice(message.get(2).toString());
        }
    }
}
