package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.config.InstanceId;
import dev.edgesync.edge.config.RegionConfig;
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
 * {@code lk:<key>} (SET NX PX) is shared by all replicas of the region. The lock is released when the new entry is
 * stored, and otherwise left to expire, which spaces out retries against a failing origin. The revalidation is a
 * request of the edge's own ({@link ClientRequest#revalidation}): one client's {@code Cache-Control: no-store} or
 * credentials cannot decide whether the refreshed copy is stored.
 */
@ApplicationScoped
public class BackgroundRevalidator {
    private static final Logger LOG = Logger.getLogger(BackgroundRevalidator.class);

    private final CacheStore store;
    private final CacheFill fill;
    private final CacheLookup lookup;
    private final Duration lockTtl;
    private final ThreadPoolExecutor executor;

    public BackgroundRevalidator(CacheStore store, CacheFill fill, CacheLookup lookup, RegionConfig config) {
        this.store = store;
        this.fill = fill;
        this.lookup = lookup;
        this.lockTtl = config.cache().revalidationLock();
        this.executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, "edge-revalidation");
            t.setDaemon(true);
            return t;
        });
    }

    public void trigger(CacheEntry stale, ClientRequest request) {
        String key = stale.storageKey();
        try {
            if (!store.tryLock(key, InstanceId.get(), lockTtl)) {
                return;
            }
        } catch (StoreUnavailableException e) {
            return;
        }
        try {
            ClientRequest own = ClientRequest.revalidation(request.key(), stale.vary(), request);
            executor.execute(() -> revalidate(stale, own));
        } catch (RejectedExecutionException e) {
            LOG.warnf("Revalidation queue full, %s stays stale until the lock expires", key);
        }
    }

    private void revalidate(CacheEntry stale, ClientRequest request) {
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
                store.unlock(key);
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
