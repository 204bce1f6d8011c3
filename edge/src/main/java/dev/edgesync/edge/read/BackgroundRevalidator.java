package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.RevalidationLock;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.InstanceId;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Revalidates a STALE entry in the background, once per key per region at a time: the Redis lock
 * {@code lk:<key>} (SET NX PX, the value unique to one revalidation) is shared by all replicas of the region. The lock
 * is released when the new entry is stored, only by the revalidation holding it (compare-and-delete: one that
 * outlived its lock leaves the next one's alone), and otherwise left to expire, which spaces out retries against a failing origin. The revalidation is a
 * request of the edge's own ({@link ClientRequest#revalidation}): one client's {@code Cache-Control: no-store} or
 * credentials cannot decide whether the refreshed copy is stored.
 */
@ApplicationScoped
public class BackgroundRevalidator {
    private static final Logger LOG = Logger.getLogger(BackgroundRevalidator.class);
    private static final java.util.concurrent.atomic.AtomicLong REVALIDATIONS = new java.util.concurrent.atomic.AtomicLong();

    private final RevalidationLock lock;
    private final CacheFill fill;
    private final CacheLookup lookup;
    private final Duration lockTtl;
    private final ThreadPoolExecutor executor;

    public BackgroundRevalidator(RevalidationLock lock, CacheFill fill, CacheLookup lookup, EdgeConfig config) {
        this.lock = lock;
        this.fill = fill;
        this.lookup = lookup;
        this.lockTtl = config.cache().revalidationLock();
        this.executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, "edge-revalidation");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the revalidation of {@code stale} unless one runs in the region; returns at once (takes no thread). */
    public void trigger(CacheEntry stale, ClientRequest request) {
        String key = stale.storageKey();
        // unique per revalidation: only the revalidation that took the lock may release it
        String owner = InstanceId.get() + "/" + REVALIDATIONS.incrementAndGet();
        lock.tryLockAsync(key, owner, lockTtl).subscribe().with(taken -> {
            if (!taken) {
                return;
            }
            try {
                ClientRequest own = ClientRequest.revalidation(request.key(), stale.vary(), request);
                executor.execute(() -> revalidate(stale, own, owner));
            } catch (RejectedExecutionException e) {
                LOG.warnf("Revalidation queue full, %s stays stale until the lock expires", key);
            }
        }, failure -> {
            // Redis unavailable: no revalidation now, a later STALE answer tries again
        });
    }

    private void revalidate(CacheEntry stale, ClientRequest request, String owner) {
        String key = stale.storageKey();
        boolean done;
        try {
            // A request that saw STALE just before another revalidation finished may get the lock afterwards:
            // look again, so that one staleness costs one origin fetch.
            CacheLookup.Found now = lookup.lookup(request);
            if (now.miss() || now.validity() == Validity.FRESH || now.validity() == Validity.INVALID) {
                done = true;
            } else {
                Reply reply = fill.fill(request, now.entry(), true);
                done = reply.result() == Result.MISS || reply.result() == Result.REVALIDATED;
            }
        } catch (RuntimeException e) {
            LOG.warnf("Revalidation of %s failed: %s", key, e.getMessage());
            return;
        }
        if (done) {
            try {
                lock.unlock(key, owner);
            } catch (StoreUnavailableException e) {
                // the lock expires by itself
            }
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
