package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.cache.ReusePolicy.Reuse;
import dev.edgesync.edge.cache.StoreTimeoutException;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.config.InstanceId;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import io.vertx.core.Vertx;
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
 * Redis unavailable at any point: BYPASS, as everywhere on the read path. Redis answering late is not unavailable:
 * a waiter keeps waiting and a lock request is repeated with the same token ({@link RedisSilence}), because a miss
 * that gave up on a slow Redis would fetch a second time for the region.
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
    private final long silenceBudgetNanos;
    private final Vertx vertx;

    public RegionFill(CacheStore store, CacheLookup lookup, CacheFill fill, EdgeMetrics metrics, RegionConfig config,
            Vertx vertx) {
        this.vertx = vertx;
        this.silenceBudgetNanos = 2 * config.store().timeout().toNanos();
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
        RedisSilence silence = new RedisSilence(silenceBudgetNanos);
        boolean waited = false;
        // a plain miss asks, in the same round trip, whether another fill stored the entry since its lookup
        String entryKey = prior == null ? request.key() : null;
        while (true) {
            Turn turn;
            CacheStore.FillTake take;
            try {
                take = store.takeFill(lockKey, token, lease, entryKey);
                silence.answered();
                if (CacheStore.STORED.equals(take.holder())) {
                    Reply served = storedByOther(request, null);
                    if (served != null) {
                        if (waited) {
                            metrics.collapsed();
                        }
                        return served;
                    }
                    entryKey = null; // stored, but not for this request: fill it
                    continue;
                }
                turn = Turn.of(take.holder(), token);
            } catch (StoreTimeoutException e) {
                // the script may have run and taken the lock for us: asking again with the same token tells
                if (silence.exhausted()) {
                    return fill.bypass(request);
                }
                continue;
            } catch (StoreUnavailableException e) {
                return fill.bypass(request);
            }
            if (turn == Turn.FILL) {
                return fillHolding(request, prior, lockKey, token, waited, take.start());
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
                silence.answered();
                if (served != null) {
                    metrics.collapsed();
                    return served;
                }
            } catch (StoreTimeoutException e) {
                // a slow answer is no news: the holder still fills for the region, keep waiting for a while
                if (silence.exhausted()) {
                    return fill.bypass(request);
                }
            } catch (StoreUnavailableException e) {
                return fill.bypass(request);
            }
        }
    }

    /**
     * How long Redis may keep answering late before a miss stops waiting for the region and goes to the origin
     * alone (BYPASS): twice {@code edgesync.store.timeout}, counted from the first late answer.
     */
    static final class RedisSilence {
        private final long budgetNanos;
        private long since;
        private boolean silent;

        RedisSilence(long budgetNanos) {
            this.budgetNanos = budgetNanos;
        }

        void answered() {
            silent = false;
        }

        /** Records one late answer; true once Redis has been late for longer than the budget. */
        boolean exhausted() {
            long now = System.nanoTime();
            if (!silent) {
                silent = true;
                since = now;
            }
            return now - since > budgetNanos;
        }
    }

    private Reply fillHolding(ClientRequest request, CacheEntry prior, String lockKey, String token, boolean waited,
            long start) {
        Reply reply = null;
        CacheFill.Fence fence = new CacheFill.Fence(lockKey, token, lease, start);
        // the lock lives as long as this fill runs: a fetch slowed past the lease (a loaded machine) must not let
        // another replica take over and fetch a second time; a crashed filler renews nothing and its lease runs out
        long keepAlive = vertx.setPeriodic(Math.max(1, lease.toMillis() / 3),
                id -> store.renewFillLater(lockKey, token, lease));
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
            vertx.cancelTimer(keepAlive);
            try {
                if (!fence.released().get()) {
                    store.releaseFill(lockKey, token, fence.unstorable().get() ? lease : Duration.ZERO);
                }
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
