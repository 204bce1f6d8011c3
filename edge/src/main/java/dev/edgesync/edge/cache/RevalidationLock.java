package dev.edgesync.edge.cache;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The background revalidation lock of a key ({@link RedisKeys#revalidationLock}): one revalidation per stale entry
 * in the region. Taken with {@code SET NX PX}, released by its owner only (compare-and-delete).
 */
@ApplicationScoped
public class RevalidationLock {

    private final RedisAccess redis;

    public RevalidationLock(RedisAccess redis) {
        this.redis = redis;
    }

    public boolean tryLock(String key, String owner, Duration ttl) {
        return RedisAccess.await(tryLockAsync(key, owner, ttl));
    }

    /** Takes the revalidation lock {@code lk:<key>} for {@code owner} when free (SET NX PX), without blocking. */
    public Uni<Boolean> tryLockAsync(String key, String owner, Duration ttl) {
        return redis.sendAsync(Request.cmd(Command.SET).arg(RedisKeys.revalidationLock(key)).arg(owner)
                .arg("NX").arg("PX").arg(ttl.toMillis())).map(r -> r != null && "OK".equalsIgnoreCase(r.toString()));
    }

    /**
     * Releases the revalidation lock only while {@code owner} holds it (compare-and-delete): a revalidation that
     * outlived its lock must not release the lock another revalidation took since. True when released.
     */
    public boolean unlock(String key, String owner) {
        return RedisAccess.number(redis.send(StoreScripts.UNLOCK.evalsha().arg(1).arg(RedisKeys.revalidationLock(key))
                .arg(owner))) == 1;
    }
}
