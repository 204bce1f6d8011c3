package dev.edgesync.edge.cache;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The L1 coherence feed of a region, over its Redis pub/sub channel {@value #CHANNEL}.
 *
 * <p>Every Redis write that can invalidate or replace an entry (the apply, put and fenced-put scripts of
 * {@link EntryStore} and the invalidation store) publishes, inside the same script, a message naming what changed ({@link #message}). Each
 * replica subscribes on a connection of its own and drops what a message names from its {@link L1Cache}.
 *
 * <p>Proof of currency: every {@code heartbeat-interval} a replica publishes a heartbeat carrying its own send
 * time. Redis delivers a channel's messages in the order it ran the commands, so once a heartbeat sent at T comes
 * back, every invalidation Redis applied before T has been applied to L1. L1 may answer at {@code now} only when
 * such a T is no older than {@code now - coherence-window} ({@link #current}); an entry in L1 is at most that window
 * behind the region's Redis. Just started, subscription lost, Redis paused: no heartbeat comes back, L1 does not
 * answer on its own (lookups validate against Redis instead). A new subscription empties L1 first, since messages
 * may have been missed while there was none.
 *
 * <p>Plain HTTP cache mode ({@code edgesync.invalidation.enabled=false}): there is no invalidation stream to be
 * current with, so L1 is always current (HTTP freshness alone decides) and no heartbeat is sent; the feed still
 * carries the replicas' writes.
 */
@ApplicationScoped
public class RegionCoherence {
    private static final Logger LOG = Logger.getLogger(RegionCoherence.class);
    public static final String CHANNEL = "edgesync:l1";
    private static final String HEARTBEAT = "h";
    private static final String CHANGES = "x";

    private final Vertx vertx;
    private final L1Cache l1;
    private final AppliedLease lease;
    private final String redisUrl;
    private final long windowNanos;
    private final long intervalMs;
    private final boolean invalidationStream;
    private final io.vertx.mutiny.redis.client.Redis publisher;
    private final String id = UUID.randomUUID().toString();

    private final RedisSubscription feed;
    private volatile boolean running;
    /** Send time (System.nanoTime) of the latest own heartbeat that came back; MIN_VALUE when none since subscribing. */
    private volatile long heardNanos = Long.MIN_VALUE;
    private long timer = -1;

    private final InstantSource clock;

    @Inject
    public RegionCoherence(Vertx vertx, L1Cache l1, AppliedLease lease, io.vertx.mutiny.redis.client.Redis publisher,
            @ConfigProperty(name = "quarkus.redis.hosts") String redisHosts,
            @ConfigProperty(name = "edgesync.cache.l1.coherence-window", defaultValue = "100ms") Duration window,
            @ConfigProperty(name = "edgesync.cache.l1.heartbeat-interval", defaultValue = "20ms") Duration interval,
            @ConfigProperty(name = "edgesync.invalidation.enabled", defaultValue = "true") boolean invalidationStream,
            InstantSource clock) {
        this.clock = clock;
        this.vertx = vertx;
        this.l1 = l1;
        this.lease = lease;
        this.publisher = publisher;
        this.redisUrl = redisHosts.split(",")[0].trim();
        this.windowNanos = window.toNanos();
        this.intervalMs = Math.max(1, interval.toMillis());
        this.invalidationStream = invalidationStream;
        this.feed = new RedisSubscription(vertx, redisUrl, CHANNEL, new RedisSubscription.Listener() {
            @Override
            public void subscribed() {
                // messages may have been missed while there was no subscription
                l1.invalidateAll();
                heardNanos = Long.MIN_VALUE;
            }

            @Override
            public void message(String payload) {
                onMessage(payload);
            }
        });
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** May L1 answer now without asking Redis? */
    public boolean current() {
        return current(clock.millis());
    }

    /** {@link #current()} at wall-clock {@code nowMs}, the request's own time (one clock read per request). */
    public boolean current(long nowMs) {
        return currentFeed() && (!invalidationStream || lease.holds(nowMs));
    }

    /**
     * The feed part of {@link #current(long)}, for a caller that already evaluated the staleness lease for its
     * request: true with no invalidation stream, else when an own heartbeat came back within the window.
     */
    public boolean currentFeed() {
        return !invalidationStream || (feed.subscribed() && current(System.nanoTime(), heardNanos, windowNanos));
    }

    /** The rule: a heartbeat sent at {@code heard} came back, no longer than {@code window} before {@code now}. */
    static boolean current(long now, long heard, long window) {
        return heard != Long.MIN_VALUE && now - heard <= window;
    }

    /** Subscribes (again) and starts the heartbeats. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (invalidationStream) { // a plain HTTP cache's L1 is always current: nothing for a heartbeat to prove
            timer = vertx.setPeriodic(intervalMs, t -> heartbeat());
        }
        feed.start();
    }

    /** Unsubscribes: from now on L1 is not current (until {@link #start}). */
    public void stop() {
        synchronized (this) {
            running = false;
            heardNanos = Long.MIN_VALUE;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
        feed.stop();
    }

    public boolean subscribed() {
        return feed.subscribed();
    }

    private void heartbeat() {
        if (!feed.subscribed()) {
            return;
        }
        publisher.send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.PUBLISH)
                .arg(CHANNEL).arg(HEARTBEAT + "\n" + id + "\n" + System.nanoTime()))
                .subscribe().with(r -> {
                }, e -> LOG.debugf("L1 heartbeat not published: %s", e.getMessage()));
    }

    void onMessage(String payload) {
        if (payload.startsWith(HEARTBEAT + "\n")) {
            String[] parts = payload.split("\n");
            if (parts.length == 3 && parts[1].equals(id)) {
                long sent = Long.parseLong(parts[2]);
                if (sent > heardNanos) {
                    heardNanos = sent;
                }
            }
        } else if (payload.startsWith(CHANGES + "\n")) {
            apply(payload);
        }
    }

    /** Drops what a change message names from L1. */
    void apply(String payload) {
        List<String> storageKeys = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        String stamp = null; // 'w': the stamp of the write (EntryStore), which this replica's own copy may hold
        for (String line : payload.split("\n")) {
            if (line.length() < 2) {
                continue;
            }
            String value = line.substring(2);
            switch (line.charAt(0)) {
                case 's' -> storageKeys.add(value);
                case 'k' -> keys.add(value);
                case 't' -> tokens.add(value);
                case 'w' -> stamp = value;
                default -> {
                }
            }
        }
        if (!storageKeys.isEmpty()) {
            if (stamp != null) {
                l1.rewritten(storageKeys, stamp);
            } else {
                l1.invalidateStorageKeys(storageKeys);
            }
        }
        if (!keys.isEmpty()) {
            l1.invalidateKeys(keys);
        }
        if (!tokens.isEmpty()) {
            l1.invalidateTokens(tokens);
        }
    }

    /**
     * The message a Redis write publishes: the storage keys it wrote or deleted, the primary keys whose minimum
     * versions it raised, the tokens whose generations it bumped. One line each ({@code s }, {@code k }, {@code t }).
     */
    public static String message(List<String> storageKeys, List<String> keys, List<String> tokens) {
        StringBuilder b = new StringBuilder(CHANGES);
        storageKeys.forEach(k -> b.append("\ns ").append(k));
        keys.forEach(k -> b.append("\nk ").append(k));
        tokens.forEach(t -> b.append("\nt ").append(t));
        return b.toString();
    }
}
