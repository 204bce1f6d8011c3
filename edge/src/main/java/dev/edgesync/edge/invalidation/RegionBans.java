package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.cache.BanList;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.events.PathPattern;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The region's bans, kept in its Redis (sorted set {@code bans}: member {@code h <pattern>} or {@code s <pattern>},
 * score the time the region applied it, raised only) and mirrored in every replica's {@link BanList#active()}: the
 * applying replica at once, the others within {@value #REFRESH_MS} ms. A replica that learns a new ban empties its
 * in-process L1 tier, whose hits are not judged again. Bans older than {@code edgesync.bans.retention} are removed:
 * by then no entry stored before them is left.
 */
@ApplicationScoped
public class RegionBans {
    public static final String KEY = "bans";
    static final long REFRESH_MS = 100;
    private static final Logger LOG = Logger.getLogger(RegionBans.class);

    private final Redis redis;
    private final CacheStore store;
    private final boolean enabled;
    private final long graceMs;
    private final long retentionMs;
    private ScheduledExecutorService timer;

    public RegionBans(Redis redis, CacheStore store, RegionConfig config,
            @ConfigProperty(name = "edgesync.invalidation.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "edgesync.bans.retention", defaultValue = "3h") Duration retention) {
        this.redis = redis;
        this.store = store;
        this.enabled = enabled;
        this.graceMs = config.origin().timeout().toMillis();
        this.retentionMs = retention.toMillis();
    }

    /**
     * Records bans of {@code patterns} applied at {@code appliedAt}; blocking.
     *
     * @throws StoreUnavailableException when Redis does not take them (the caller retries)
     */
    public void apply(List<String> patterns, boolean hard, long appliedAt) {
        Request zadd = Request.cmd(Command.ZADD).arg(KEY).arg("GT");
        for (String pattern : patterns) {
            zadd.arg(appliedAt).arg((hard ? "h " : "s ") + pattern);
        }
        try {
            redis.send(zadd).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not record bans: " + e.getMessage(), e);
        }
        List<BanList.Ban> bans = new ArrayList<>(BanList.active().bans());
        for (String pattern : patterns) {
            bans.add(new BanList.Ban(PathPattern.of(pattern), hard, appliedAt));
        }
        activate(new BanList(bans, graceMs));
    }

    private synchronized void activate(BanList bans) {
        boolean added = bans.bans().stream().anyMatch(b -> !BanList.active().bans().contains(b));
        BanList.activate(bans);
        if (added) {
            store.l1().invalidateAll(); // after activating: a copy judged before it is refused by L1's epoch
        }
    }

    void start(@Observes StartupEvent ignored) {
        if (!enabled) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-bans");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void refresh() {
        try {
            long now = System.currentTimeMillis();
            redis.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg(KEY).arg("-inf").arg(now - retentionMs))
                    .await().atMost(Duration.ofSeconds(2));
            Response all = redis.send(Request.cmd(Command.ZRANGE).arg(KEY).arg(0).arg(-1).arg("WITHSCORES"))
                    .await().atMost(Duration.ofSeconds(2));
            activate(new BanList(parse(all), graceMs));
        } catch (RuntimeException e) {
            LOG.debugf("could not read the region's bans: %s", e.getMessage());
        }
    }

    private static List<BanList.Ban> parse(Response all) {
        List<BanList.Ban> bans = new ArrayList<>();
        if (all == null) {
            return bans;
        }
        // RESP2 gives a flat member, score, ... list; RESP3 gives [member, score] pairs
        List<Response> flat = new ArrayList<>();
        for (Response r : all) {
            if (r.type() == io.vertx.redis.client.ResponseType.MULTI && r.size() == 2) {
                flat.add(r.get(0));
                flat.add(r.get(1));
            } else {
                flat.add(r);
            }
        }
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String member = flat.get(i).toString();
            long appliedAt = flat.get(i + 1).toDouble().longValue();
            if (member.length() > 2) {
                try {
                    bans.add(new BanList.Ban(PathPattern.of(member.substring(2)), member.charAt(0) == 'h', appliedAt));
                } catch (IllegalArgumentException e) {
                    LOG.warnf("ignoring unreadable ban '%s'", member);
                }
            }
        }
        return bans;
    }
}
