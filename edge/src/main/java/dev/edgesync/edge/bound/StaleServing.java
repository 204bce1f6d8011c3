package dev.edgesync.edge.bound;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.invalidation.InvalidationPlan;
import dev.edgesync.events.InvalidationEvent;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The time cap on a lazy region's {@code STALE} answers (issue 10, {@code slow-origin}): a copy an invalidation
 * made stale is answered marked STALE for at most {@code edgesync.cache.stale-serve-limit} after the newer version
 * was due ({@link StaleServeLimit}); after that the read path waits for the revalidation.
 *
 * <p>Due times: the replica that applies a content update records it in process ({@link StaleClock}) and in the
 * region's Redis ({@code sd:<key>}: a sorted set of version → due time, with an expiry), so that the region's other
 * replicas, and this one after a restart, know it too. Only when neither knows does the clock start at the first
 * time this replica finds the copy stale.
 */
@ApplicationScoped
public class StaleServing {
    private static final Logger LOG = Logger.getLogger(StaleServing.class);
    private static final long DUE_TIMES_TTL_MS = Duration.ofMinutes(10).toMillis();
    private static final Duration REDIS_WAIT = Duration.ofMillis(250);

    private final StaleClock clock;
    private final long limitMs;
    private final Redis redis;

    public StaleServing(Redis redis,
            @ConfigProperty(name = "edgesync.cache.stale-serve-limit", defaultValue = "1500ms") Duration limit,
            @ConfigProperty(name = "edgesync.cache.stale-clock.max-keys", defaultValue = "100000") int maxKeys) {
        this.redis = redis;
        this.clock = new StaleClock(maxKeys);
        this.limitMs = limit.toMillis();
    }

    static String dueTimesKey(String key) {
        return "sd:" + key;
    }

    /**
     * An invalidation was applied to the region's Redis with {@code plan}; copies it reached count as stale since
     * {@code dueAt} (its due time, or its apply time if earlier: an invalidation held back while Redis was away
     * does not restart the clock).
     */
    public void applied(InvalidationEvent event, InvalidationPlan plan, long dueAt) {
        if (plan.removes()) {
            return; // removed copies are never answered STALE
        }
        synchronized (clock) {
            if (event.version() > 0) {
                event.keys().forEach(key -> clock.versionApplied(key, event.version(), dueAt));
            }
            for (String token : plan.tokens()) {
                clock.tokenApplied(token, dueAt); // soft generations: the plan does not remove
            }
        }
        if (event.version() > 0) {
            for (String key : event.keys()) {
                String sd = dueTimesKey(key);
                redis.batch(List.of(
                        Request.cmd(Command.ZADD).arg(sd).arg(event.version()).arg(event.version() + ":" + dueAt),
                        Request.cmd(Command.ZREMRANGEBYRANK).arg(sd).arg(0).arg(-9),
                        Request.cmd(Command.PEXPIRE).arg(sd).arg(DUE_TIMES_TTL_MS)))
                        .subscribe().with(ok -> {
                        }, e -> LOG.debugf("Could not record the due time of %s v%d: %s", key, event.version(),
                                e.getMessage()));
            }
        }
    }

    /** Whether {@code entry}, judged STALE at {@code now}, may still be answered STALE (waits for Redis). */
    public boolean allows(CacheEntry entry, long now) {
        return allowsAsync(entry, now).await().indefinitely();
    }

    /** {@link #allows} holding no thread while the region's due times are read. */
    public io.smallrye.mutiny.Uni<Boolean> allowsAsync(CacheEntry entry, long now) {
        long since;
        synchronized (clock) {
            since = clock.knownSince(entry.key(), entry.version(), entry.storedAt(), entry.tokens());
        }
        if (since == StaleClock.UNKNOWN && now < entry.freshUntil()) {
            return sharedDueTime(entry).map(shared -> {
                long first;
                synchronized (clock) {
                    first = shared != StaleClock.UNKNOWN ? shared
                            : clock.firstSeen(entry.storageKey(), entry.version(), entry.storedAt(), now);
                }
                return StaleServeLimit.decide(first, now, limitMs) == StaleServeLimit.Decision.SERVE_STALE;
            });
        }
        return io.smallrye.mutiny.Uni.createFrom()
                .item(StaleServeLimit.decide(since, now, limitMs) == StaleServeLimit.Decision.SERVE_STALE);
    }

    /** The due time of the first version above the copy's that the region recorded, or UNKNOWN. */
    private io.smallrye.mutiny.Uni<Long> sharedDueTime(CacheEntry entry) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(dueTimesKey(entry.key()))
                .arg("(" + entry.version()).arg("+inf").arg("LIMIT").arg(0).arg(1))
                .ifNoItem().after(REDIS_WAIT).fail()
                .map(r -> {
                    if (r == null || r.size() == 0) {
                        return StaleClock.UNKNOWN;
                    }
                    String member = r.get(0).toString();
                    int colon = member.indexOf(':');
                    long version = Long.parseLong(member.substring(0, colon));
                    long dueAt = Long.parseLong(member.substring(colon + 1));
                    synchronized (clock) {
                        clock.versionApplied(entry.key(), version, dueAt);
                    }
                    return dueAt;
                }).onFailure().recoverWithItem(StaleClock.UNKNOWN);
    }
}
