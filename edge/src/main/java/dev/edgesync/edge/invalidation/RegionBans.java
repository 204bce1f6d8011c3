package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.cache.BanList;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RedisSubscription;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.events.PathPattern;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The region's bans, kept in its Redis (sorted set {@code bans}: member {@code h <pattern>} or {@code s <pattern>},
 * score the time the region applied it, raised only) and mirrored in every replica's {@link BanList#active()}: the
 * applying replica at once, the others as soon as the ban's notice on the channel {@value #CHANNEL} reaches them
 * (the applying replica publishes it right after the write, on the same connection). Every replica also reads the
 * set when it (re)subscribes and every {@code edgesync.bans.poll} (5 s) as a safety net, so a notice lost while the
 * subscription was down costs at most that. A replica that learns a new ban empties its in-process L1 tier, whose
 * hits are not judged again. Bans older than {@code edgesync.bans.retention} are removed by the replica that
 * applies a ban and by the safety poll: by then no entry stored before them is left.
 */
@ApplicationScoped
public class RegionBans {
    public static final String KEY = "bans";
    /** The region's notices of new bans; the message is the pattern count, and only its arrival matters. */
    public static final String CHANNEL = "edgesync:bans";
    private static final Logger LOG = Logger.getLogger(RegionBans.class);

    private final Redis redis;
    private final L1Cache l1;
    private final boolean enabled;
    private final long graceMs;
    private final long retentionMs;
    private final long pollMs;
    private final RedisSubscription notices;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private ScheduledExecutorService timer;

    private final InstantSource clock;

    public RegionBans(Redis redis, L1Cache l1, EdgeConfig config, Vertx vertx,
            @ConfigProperty(name = "quarkus.redis.hosts") String redisHosts,
            @ConfigProperty(name = "edgesync.invalidation.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "edgesync.bans.retention", defaultValue = "3h") Duration retention,
            @ConfigProperty(name = "edgesync.bans.poll", defaultValue = "5s") Duration poll, InstantSource clock) {
        this.clock = clock;
        this.redis = redis;
        // notices published while there was no subscription are lost: the set is read once subscribed
        this.notices = new RedisSubscription(vertx, redisHosts.split(",")[0].trim(), CHANNEL,
                new RedisSubscription.Listener() {
                    @Override
                    public void subscribed() {
                        queueRefresh();
                    }

                    @Override
                    public void message(String patternCount) {
                        queueRefresh();
                    }
                });
        this.pollMs = Math.max(1, poll.toMillis());
        this.l1 = l1;
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
        Request trim = Request.cmd(Command.ZREMRANGEBYSCORE).arg(KEY).arg("-inf").arg(appliedAt - retentionMs);
        Request notice = Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(patterns.size());
        try {
            redis.batch(List.of(zadd, trim, notice)).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not record bans: " + e.getMessage(), e);
        }
        synchronized (this) { // with a concurrent refresh, neither loses the other's bans
            List<BanList.Ban> bans = new ArrayList<>(BanList.active().bans());
            for (String pattern : patterns) {
                bans.add(new BanList.Ban(PathPattern.of(pattern), hard, appliedAt));
            }
            activate(bans);
        }
    }

    private synchronized void activate(List<BanList.Ban> current) {
        BanList previous = BanList.active();
        BanList bans = previous.successor(current, graceMs);
        boolean added = bans.addsTo(previous);
        if (!added && bans.size() == previous.size()) {
            return; // the safety poll found the same set: keep the list, its index and what it remembers
        }
        BanList.activate(bans);
        if (added) {
            l1.invalidateAll(); // after activating: a copy judged before it is refused by L1's epoch
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
        timer.scheduleWithFixedDelay(this::poll, 0, pollMs, TimeUnit.MILLISECONDS);
        notices.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        notices.stop();
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Reads the set on the bans thread (never on the event loop that delivers the notice); queued at most once. */
    private void queueRefresh() {
        if (refreshQueued.compareAndSet(false, true)) {
            try {
                timer.execute(() -> {
                    refreshQueued.set(false);
                    refresh();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                refreshQueued.set(false); // shutting down
            }
        }
    }

    private void poll() {
        try {
            redis.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg(KEY).arg("-inf")
                    .arg(clock.millis() - retentionMs)).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debugf("could not trim the region's bans: %s", e.getMessage());
        }
        refresh();
    }

    private void refresh() {
        try {
            Response all = redis.send(Request.cmd(Command.ZRANGE).arg(KEY).arg(0).arg(-1).arg("WITHSCORES"))
                    .await().atMost(Duration.ofSeconds(2));
            activate(parse(all));
        } catch (RuntimeException e) {
            LOG.debugf("could not read the region's bans: %s", e.getMessage());
        }
    }

    private static List<BanList.Ban> parse(Response all) {
        // the bans already known keep their objects: 100,000 patterns are not parsed again every poll
        java.util.Map<String, BanList.Ban> known = new java.util.HashMap<>();
        for (BanList.Ban ban : BanList.active().bans()) {
            known.put((ban.hard() ? "h " : "s ") + ban.pattern().pattern() + " " + ban.appliedAt(), ban);
        }
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
            BanList.Ban same = known.get(member + " " + appliedAt);
            if (same != null) {
                bans.add(same);
            } else if (member.length() > 2) {
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
