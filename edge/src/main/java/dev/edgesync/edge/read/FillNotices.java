package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.RedisSubscription;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells a miss waiting for another replica's fill ({@link RegionFill}) that the fill is done. A waiter marks the
 * fill lock as awaited (in the lock script); the fill's store or release then publishes the lock's key on
 * {@value #CHANNEL} (in the same script, only when someone waits), and every replica's subscription wakes its waiters
 * of that lock, which look up the entry at once. The timer {@code edgesync.cache.fill-poll} remains only as the
 * fallback for a notice that never comes (subscription down, filler crashed).
 */
@ApplicationScoped
public class FillNotices {
    /** The channel the store's scripts publish a finished fill's lock key on. */
    public static final String CHANNEL = "edgesync:fill";

    /** Waiters by fill lock key (Redis key): completed on that lock's notice. */
    private final ConcurrentHashMap<String, java.util.Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private final RedisSubscription notices;

    @Inject
    public FillNotices(Vertx vertx, @ConfigProperty(name = "quarkus.redis.hosts") String redisHosts) {
        this.notices = new RedisSubscription(vertx, redisHosts.split(",")[0].trim(), CHANNEL,
                new RedisSubscription.Listener() {
                    @Override
                    public void subscribed() {
                    }

                    @Override
                    public void message(String lockRedisKey) {
                        notice(lockRedisKey);
                    }

                    @Override
                    public void lost() {
                        // notices may have been missed: the waiters look now
                        java.util.List.copyOf(waiting.keySet()).forEach(FillNotices.this::notice);
                    }
                });
    }

    void onStart(@Observes StartupEvent event) {
        notices.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        notices.stop();
    }

    /** Whether notices arrive: false while the subscription is down (waiters then rely on the timer). */
    public boolean subscribed() {
        return notices.subscribed();
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
}
