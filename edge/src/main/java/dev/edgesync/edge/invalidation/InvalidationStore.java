package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RedisAccess;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.cache.StoreScripts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an {@link InvalidationPlan} to the region's Redis in one script ({@code lua/apply.lua}): generations
 * stamped with a new region sequence value, minimum versions raised, removed entries and their stamps deleted, and
 * the replicas' L1s told ({@link RegionCoherence#message}); this replica's own L1 drops its copies at once.
 */
@ApplicationScoped
public class InvalidationStore {

    private final RedisAccess redis;
    private final L1Cache l1;

    @Inject
    public InvalidationStore(RedisAccess redis, L1Cache l1) {
        this.redis = redis;
        this.l1 = l1;
    }

    /** A store without an L1 of its own (as another replica's looks from here). */
    public InvalidationStore(RedisAccess redis) {
        this(redis, L1Cache.standalone(false, 0, Duration.ZERO));
    }

    /**
     * Applies an invalidation atomically; returns the sequence value it stamped.
     *
     * @throws dev.edgesync.edge.cache.StoreUnavailableException when Redis is unavailable (the caller retries)
     */
    public long apply(InvalidationPlan plan) {
        return applyAsync(plan).await().indefinitely(); // RedisAccess bounds the wait
    }

    /** {@link #apply} without blocking. */
    public Uni<Long> applyAsync(InvalidationPlan plan) {
        List<String> generations = new ArrayList<>();
        for (String token : plan.tokens()) {
            generations.add(plan.removes() ? RedisKeys.hard(token) : RedisKeys.soft(token));
        }
        List<String> minVersions = new ArrayList<>();
        for (String key : plan.versionedKeys()) {
            minVersions.add(plan.removes() ? RedisKeys.minVersionHard(key) : RedisKeys.minVersionSoft(key));
        }
        List<String> deletes = new ArrayList<>();
        plan.deletedKeys().forEach(key -> deletes.add(RedisKeys.entry(key)));
        plan.deletedKeys().forEach(key -> deletes.add(RedisKeys.stamp(key)));
        Request eval = StoreScripts.APPLY.evalsha().arg(1 + generations.size() + minVersions.size() + deletes.size())
                .arg(RedisKeys.SEQUENCE);
        generations.forEach(eval::arg);
        minVersions.forEach(eval::arg);
        deletes.forEach(eval::arg);
        eval.arg(generations.size()).arg(minVersions.size()).arg(deletes.size()).arg(plan.version())
                .arg(RegionCoherence.message(plan.deletedKeys(), plan.versionedKeys(), plan.tokens()));
        return redis.sendAsync(eval).map(RedisAccess::number).onTermination().invoke(() -> {
            // this replica applied it: drop its own copies at once (the others through the published message)
            l1.invalidateStorageKeys(plan.deletedKeys());
            l1.invalidateKeys(plan.versionedKeys());
            l1.invalidateTokens(plan.tokens());
        });
    }
}
