package dev.edgesync.edge.cache;

import dev.edgesync.edge.config.EdgeConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The one way the edge's store parts ({@link EntryStore}, {@link FillLock}, {@link RevalidationLock}, the
 * invalidation store) talk to the region's Redis (layout in {@link RedisKeys}): every command waits at most
 * {@code edgesync.store.timeout} and any failure becomes {@link StoreUnavailableException}; scripts go by
 * {@code EVALSHA} ({@link LuaScript}), reloaded after a {@code NOSCRIPT}. A command sent from an event loop goes
 * over that event loop's pipelined connection ({@link RedisPipeline}), not a pooled one.
 */
@ApplicationScoped
public class RedisAccess {
    private static final Logger LOG = Logger.getLogger(RedisAccess.class);

    private final Redis redis;
    private final RedisPipeline pipeline;
    private final Duration timeout;

    /** Whether this replica's connection to Redis is known to be alive (the coherence feed's subscription). */
    private final BooleanSupplier connected;

    @Inject
    public RedisAccess(Redis redis, EdgeConfig config, RegionCoherence coherence) {
        this(redis, config, coherence::subscribed);
    }

    /** Access without a coherence feed of its own (as another replica's looks from here). */
    public RedisAccess(Redis redis, EdgeConfig config) {
        this(redis, config, () -> false);
    }

    private RedisAccess(Redis redis, EdgeConfig config, BooleanSupplier connected) {
        this.redis = redis;
        // stuck: four times a command's own timeout, and at least a second (a long GC pause is not a dead peer)
        Duration stuckAfter = config.store().timeout().multipliedBy(4);
        this.pipeline = new RedisPipeline(redis.getDelegate(),
                stuckAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : stuckAfter);
        this.timeout = config.store().timeout();
        this.connected = connected;
    }

    /**
     * Loads every script into Redis when the edge starts, so the first misses do not spend their
     * {@code edgesync.store.timeout} on a {@code NOSCRIPT} and the reload (under load, a fresh replica answered them
     * BYPASS). A Redis that is down now is no reason not to start: the {@code NOSCRIPT} path loads them later.
     */
    void loadScriptsAtStart(@Observes StartupEvent started) {
        StoreScripts.all(); // initialising the class registers its scripts
        try {
            loadScripts().await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.infof("Lua scripts not loaded at start (loaded on first use instead): %s", e.getMessage());
        }
    }

    /**
     * One command, answered within {@code edgesync.store.timeout} or failed with {@link StoreTimeoutException} (no
     * answer while this replica's connection is alive) or {@link StoreUnavailableException} (anything else).
     */
    public Uni<Response> sendAsync(Request request) {
        Uni<Response> sent;
        try {
            // a script unknown to Redis (restarted, flushed): load them all, then the same EVALSHA again
            sent = pipelined(request).onFailure(RedisAccess::noScript)
                    .recoverWithUni(e -> loadScripts().flatMap(loaded -> pipelined(request)));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new StoreUnavailableException("Redis unavailable: " + e.getMessage(), e));
        }
        return sent.ifNoItem().after(timeout).failWith(this::late)
                .onFailure(e -> !(e instanceof StoreUnavailableException))
                .transform(e -> new StoreUnavailableException("Redis unavailable: " + e.getMessage(), e));
    }

    /** {@link #sendAsync} waited for (the wait is bounded there). */
    public Response send(Request request) {
        return await(sendAsync(request));
    }

    /** {@code request} over this event loop's pipelined connection ({@link RedisPipeline}), sent on subscription. */
    private Uni<Response> pipelined(Request request) {
        return Uni.createFrom().emitter(answer -> pipeline.send(request.getDelegate()).onComplete(done -> {
            if (done.succeeded()) {
                answer.complete(Response.newInstance(done.result()));
            } else {
                answer.fail(done.cause());
            }
        }));
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely(); // sendAsync bounds the wait
    }

    /** A numeric answer; 0 when absent or not a number. */
    public static long number(Response r) {
        return r == null ? 0 : number(r.toString());
    }

    static long number(String s) {
        if (s == null || s.isEmpty()) {
            return 0; // absent: no exception (its stack trace cost 2 % of a miss's CPU)
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean noScript(Throwable e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    private Uni<Void> loadScripts() {
        List<Uni<Response>> loads = new ArrayList<>();
        LuaScript.loaded().forEach(script -> loads.add(redis.send(script.scriptLoad())));
        return Uni.join().all(loads).andFailFast().replaceWithVoid();
    }

    private StoreUnavailableException late() {
        if (!connected.getAsBoolean()) {
            return new StoreUnavailableException("Redis unreachable: no answer within " + timeout.toMillis()
                    + " ms and no live connection", null);
        }
        // the feed's connection is alive: Redis is slow (or this JVM is starved), not down
        return new StoreTimeoutException("Redis did not answer within " + timeout.toMillis() + " ms", null);
    }
}
