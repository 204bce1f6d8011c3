package dev.edgesync.edge.metrics;

import dev.edgesync.edge.cache.RedisAccess;
import dev.edgesync.edge.config.InstanceId;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How many replicas the region runs now, for {@code /metrics/summary}: every {@code edgesync.replicas.heartbeat-interval}
 * each replica scores itself ({@link InstanceId}) with the time in the region's Redis sorted set {@value #KEY} and
 * counts the members seen within three intervals (dropping older ones when there are any). A replica that stops
 * removes itself; one that dies is counted out three intervals after its last heartbeat.
 */
@ApplicationScoped
public class LiveReplicas {
    private static final Logger LOG = Logger.getLogger(LiveReplicas.class);
    public static final String KEY = "replicas";
    /** Heartbeats a replica may miss (a pause, a slow Redis) before the others count it out. */
    private static final int MISSED_BEATS = 3;

    private final Redis redis;
    private final Vertx vertx;
    private final InstantSource clock;
    private final String self;
    private final long intervalMs;
    private final long windowMs;
    private volatile long count = -1;
    private volatile long countedAt;
    private long timer = -1;

    @Inject
    public LiveReplicas(Redis redis, Vertx vertx, InstantSource clock,
            @ConfigProperty(name = "edgesync.replicas.heartbeat-interval", defaultValue = "1s") Duration interval) {
        this(redis, vertx, clock, InstanceId.get(), interval);
    }

    /** The replica {@code self}, as another replica's looks from here. */
    public LiveReplicas(Redis redis, Vertx vertx, InstantSource clock, String self, Duration interval) {
        this.redis = redis;
        this.vertx = vertx;
        this.clock = clock;
        this.self = self;
        this.intervalMs = Math.max(1, interval.toMillis());
        this.windowMs = MISSED_BEATS * intervalMs;
    }

    void onStart(@Observes StartupEvent event) {
        beatNow();
        timer = vertx.setPeriodic(intervalMs, t -> beatNow());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        try {
            leave().await().atMost(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.debugf("replica %s not removed from %s (counted out after %d ms): %s", self, KEY, windowMs,
                    e.getMessage());
        }
    }

    /** Removes this replica from the count at once (it is stopping). */
    public Uni<Void> leave() {
        return redis.send(Request.cmd(Command.ZREM).arg(KEY).arg(self)).replaceWithVoid();
    }

    private void beatNow() {
        beat(clock.millis()).subscribe().with(n -> {
        }, e -> LOG.debugf("replica heartbeat not written: %s", e.getMessage()));
    }

    /**
     * Announces this replica as seen at {@code nowMs} and returns how many replicas were seen within the window (this
     * one included). Members last seen before the window are dropped only when there are some (after a replica died),
     * so a steady region writes nothing but its own score.
     */
    public Uni<Long> beat(long nowMs) {
        long oldest = nowMs - windowMs;
        List<Request> batch = List.of(
                Request.cmd(Command.ZADD).arg(KEY).arg(nowMs).arg(self),
                Request.cmd(Command.ZCOUNT).arg(KEY).arg(oldest).arg("+inf"),
                Request.cmd(Command.ZCARD).arg(KEY),
                // gone when the whole region is (the region's Redis evicts only keys with an expiry)
                Request.cmd(Command.PEXPIRE).arg(KEY).arg(windowMs));
        return redis.batch(batch).flatMap(replies -> {
            long live = RedisAccess.number(replies.get(1));
            count = live;
            countedAt = nowMs;
            if (RedisAccess.number(replies.get(2)) <= live) {
                return Uni.createFrom().item(live);
            }
            return redis.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg(KEY).arg("-inf").arg("(" + oldest))
                    .replaceWith(live);
        });
    }

    /** The count of the last heartbeat, if it is no older than the window at {@code nowMs} (else unknown). */
    public OptionalLong count(long nowMs) {
        long n = count;
        return n < 0 || nowMs - countedAt > windowMs ? OptionalLong.empty() : OptionalLong.of(n);
    }

    public OptionalLong count() {
        return count(clock.millis());
    }
}
