package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.cache.ReusePolicy.Reuse;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.config.InstanceId;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Request collapsing across all replicas of a region, on top of the in-process {@link FillCollapser}: the miss
 * that leads in its process takes the region's fill lock {@code fl:<key>} in Redis ({@code SET NX PX lease}, value a
 * fencing token unique to this fill) before it fetches.
 *
 * <ul>
 * <li>Holder: fetches ({@link CacheFill}), renews the lease before each further attempt, stores only while its
 * token still holds the lock (compare-then-SET in one script: a filler that stalled past its lease and was taken
 * over cannot overwrite the newer fill), then releases (compare-and-delete). When the response was not storable,
 * the lock becomes a short {@code pass} marker so that the region's other misses fetch at once instead of queueing
 * behind each other (Varnish's hit-for-miss).</li>
 * <li>Others: poll the store every {@code edgesync.cache.fill-poll} and serve the entry another replica stored
 * (a HIT counted in {@code edgesync_collapsed_requests_total}); when the lock is gone without a usable entry
 * (released without storing, or the filler crashed and its lease expired) they take the lock and fetch.</li>
 * </ul>
 * Redis unavailable at any point: BYPASS, as everywhere on the read path.
 */
@ApplicationScoped
public class RegionFill {
    private static final Logger LOG = Logger.getLogger(RegionFill.class);
    private static final AtomicLong FILLS = new AtomicLong();

    /** What a miss does after trying the lock. */
    enum Turn {
        /** the lock is ours: fetch and store */
        FILL,
        /** the key's last fill was not storable: fetch without collapsing */
        PASS,
        /** another fill holds the lock: wait for its entry */
        WAIT;

        static Turn of(String holder, String token) {
            if (token.equals(holder)) {
                return FILL;
            }
            return CacheStore.PASS.equals(holder) ? PASS : WAIT;
        }
    }

    private final CacheStore store;
    private final CacheLookup lookup;
    private final CacheFill fill;
    private final EdgeMetrics metrics;
    private final Duration lease;
    private final long pollMs;
    private final long maxWaitNanos;

    public RegionFill(CacheStore store, CacheLookup lookup, CacheFill fill, EdgeMetrics metrics, RegionConfig config) {
        this.store = store;
        this.lookup = lookup;
        this.fill = fill;
        this.metrics = metrics;
        this.lease = config.cache().fillLease();
        this.pollMs = Math.max(1, config.cache().fillPoll().toMillis());
        this.maxWaitNanos = config.cache().fillMaxWait().toNanos();
    }

    /** A fencing token: unique per fill across the region's replicas. */
    static String token() {
        return InstanceId.get() + "/" + FILLS.incrementAndGet();
    }

    /**
     * Fills {@code request} once per region.
     *
     * @param lockKey the key or, when {@code prior} is a stored variant being revalidated, its variant key
     * @param prior the stored entry being validated, or null on a plain miss
     */
    public Reply fill(ClientRequest request, CacheEntry prior, String lockKey) {
        String token = token();
        long deadline = System.nanoTime() + maxWaitNanos;
        boolean waited = false;
        while (true) {
            Turn turn;
            try {
                turn = Turn.of(store.acquireFill(lockKey, token, lease), token);
            } catch (StoreUnavailableException e) {
                return fill.bypass(request);
            }
            if (turn == Turn.FILL) {
                return fillHolding(request, prior, lockKey, token, waited);
            }
            if (turn == Turn.PASS) {
                return fill.fill(request, prior, prior != null);
            }
            if (System.nanoTime() - deadline > 0) {
                LOG.infof("Waited %d ms for another replica's fill of %s: fetching without the lock",
                        maxWaitNanos / 1_000_000, lockKey);
                return fill.fill(request, prior, prior != null);
            }
            waited = true;
            sleep(pollMs);
            try {
                Reply served = storedByOther(request, prior);
                if (served != null) {
                    metrics.collapsed();
                    return served;
                }
            } catch (StoreUnavailableException e) {
                return fill.bypass(request);
            }
        }
    }

    private Reply fillHolding(ClientRequest request, CacheEntry prior, String lockKey, String token, boolean waited) {
        Reply reply = null;
        CacheFill.Fence fence = new CacheFill.Fence(lockKey, token, lease);
        try {
            if (waited) {
                // the holder we waited for may have stored between our last look and its release
                Reply served = storedByOther(request, prior);
                if (served != null) {
                    metrics.collapsed();
                    reply = served;
                    return served;
                }
            }
            reply = fill.fill(request, prior, prior != null, fence);
            return reply;
        } catch (StoreUnavailableException e) {
            reply = fill.bypass(request);
            return reply;
        } finally {
            try {
                store.releaseFill(lockKey, token, fence.unstorable().get() ? lease : Duration.ZERO);
            } catch (StoreUnavailableException e) {
                // the lease expires by itself
            }
        }
    }

    /** The entry another fill stored meanwhile, when it answers this request fresh; else null. */
    private Reply storedByOther(ClientRequest request, CacheEntry prior) {
        CacheLookup.Found found = lookup.lookup(request);
        if (found.miss() || (prior != null && sameCopy(found.entry(), prior))
                || found.entry().version() < request.minVersion()) {
            return null;
        }
        if (ReusePolicy.decide(found.validity(), found.entry(), request.directives(),
                System.currentTimeMillis(), !request.lowerTier()) != Reuse.FRESH) {
            return null;
        }
        return Reply.of(found.entry(), Result.HIT);
    }

    private static boolean sameCopy(CacheEntry a, CacheEntry b) {
        return a.freshUntil() == b.freshUntil() && a.version() == b.version();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a region fill", e);
        }
    }
}
