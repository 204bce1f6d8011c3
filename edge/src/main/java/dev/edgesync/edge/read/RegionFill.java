package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryStore;
import dev.edgesync.edge.cache.EntryOrFillLock;
import dev.edgesync.edge.cache.FillLock;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RedisAccess;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.cache.ReusePolicy.Reuse;
import dev.edgesync.edge.cache.StoreTimeoutException;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.config.InstanceId;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.invalidation.StalenessLease;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Request collapsing across all replicas of a region (and, below arrival, inside this process: {@link ReadPath}): the miss
 * that leads takes the region's fill lock {@code fl:<key>} in Redis ({@code SET NX PX lease}, value a
 * fill owner, a value unique to this fill) before it fetches.
 *
 * <ul>
 * <li>Holder: fetches ({@link CacheFill}), renews the lease before each further attempt, stores only while its
 * owner value still holds the lock (compare-then-SET in one script: a filler that stalled past its lease and was taken
 * over cannot overwrite the newer fill), then releases (compare-and-delete). When the response was not storable,
 * the lock becomes a short {@code pass} marker so that the region's other misses fetch at once instead of queueing
 * behind each other (Varnish's hit-for-miss).</li>
 * <li>Others: wait for the holder's notice ({@link FillNotices}: its store or release publishes it, or
 * {@code edgesync.cache.fill-poll} passes without one; no thread waits), look again and serve the entry another replica stored
 * (a HIT counted in {@code edgesync_collapsed_requests_total}); when the lock is gone without a usable entry
 * (released without storing, or the filler crashed and its lease expired) they take the lock and fetch.</li>
 * </ul>
 * Redis unavailable at any point: BYPASS, as everywhere on the read path. Redis answering late is not unavailable:
 * a waiter keeps waiting and a lock request is repeated with the same owner ({@link RedisSilence}), because a miss
 * that gave up on a slow Redis would fetch a second time for the region.
 *
 * <p>Longer than 300 lines on purpose: the turn-taking protocol (take, wait for a notice or the poll, take over an
 * expired lease, renew, release or mark pass) is one state machine whose steps answer each other; it reads top to
 * bottom here.
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

        static Turn of(String holder, String owner) {
            if (owner.equals(holder)) {
                return FILL;
            }
            return FillLock.PASS.equals(holder) ? PASS : WAIT;
        }
    }

    private final FillLock fillLock;
    private final RedisAccess redis;
    private final L1Cache l1;
    private final CacheLookup lookup;
    private final CacheFill fill;
    private final EdgeMetrics metrics;
    private final Duration lease;
    private final long pollMs;
    private final long maxWaitNanos;
    private final long silenceBudgetNanos;
    private final Vertx vertx;
    private final StalenessLease stalenessLease;

    private final FillNotices notices;

    private final InstantSource clock;

    public RegionFill(FillLock fillLock, RedisAccess redis, L1Cache l1, CacheLookup lookup, CacheFill fill,
            EdgeMetrics metrics, EdgeConfig config, Vertx vertx, StalenessLease stalenessLease, FillNotices notices,
            InstantSource clock) {
        this.clock = clock;
        this.notices = notices;
        this.vertx = vertx;
        this.stalenessLease = stalenessLease;
        this.silenceBudgetNanos = 2 * config.store().timeout().toNanos();
        this.fillLock = fillLock;
        this.redis = redis;
        this.l1 = l1;
        this.lookup = lookup;
        this.fill = fill;
        this.metrics = metrics;
        this.lease = config.cache().fillLease();
        this.pollMs = Math.max(1, config.cache().fillPoll().toMillis());
        this.maxWaitNanos = config.cache().fillMaxWait().toNanos();
    }

    /** A fill owner: the lock value unique to one fill across the region's replicas. */
    static String newOwner() {
        return InstanceId.get() + "/" + FILLS.incrementAndGet();
    }

    /**
     * Fills {@code request} once per region, holding no thread while it waits for Redis, the origin or another
     * replica's fill (waiting is for that fill's notice, {@link FillNotices}, with {@code edgesync.cache.fill-poll}
     * as the fallback timer).
     *
     * @param lockKey the key or, when {@code prior} is a stored variant being revalidated, its variant key
     * @param prior the stored entry being validated, or null on a plain miss
     */
    public Uni<Reply> fill(ClientRequest request, CacheEntry prior, String lockKey) {
        // a plain miss asks, in the same round trip, whether another fill stored the entry since its lookup
        Waiting w = new Waiting(request, prior, lockKey, newOwner(), System.nanoTime() + maxWaitNanos,
                new RedisSilence(silenceBudgetNanos), prior == null ? request.key() : null, clock.millis());
        return take(w);
    }

    /** A miss's turn-taking state, from try to try. */
    static final class Waiting {
        final ClientRequest request;
        final CacheEntry prior;
        /** When this miss began taking turns (epoch ms): a copy stored since was fetched for it (or with it). */
        final long since;
        final String lockKey;
        final String owner;
        final long deadline;
        final RedisSilence silence;
        String entryKey;
        boolean waited;
        /** The state read with the lock, and the L1 epoch taken before it ({@link CacheFill.Fence}). */
        EntryStore.StateRead before;
        long l1Epoch;
        /** The notice of the fill this miss may wait for ({@link FillNotices#watch}), watched from before the take. */
        java.util.concurrent.CompletableFuture<Void> notice;
        /** The lock's turn taken by the lookup ({@link #readOrTake}), not yet gone on from. */
        FillLock.FillTake taken;

        Waiting(ClientRequest request, CacheEntry prior, String lockKey, String owner, long deadline,
                RedisSilence silence, String entryKey, long since) {
            this.request = request;
            this.since = since;
            this.prior = prior;
            this.lockKey = lockKey;
            this.owner = owner;
            this.deadline = deadline;
            this.silence = silence;
            this.entryKey = entryKey;
        }
    }

    private Uni<Reply> take(Waiting w) {
        // taken before the script reads the state: an invalidation reaching L1 after it keeps the fill out of L1
        w.l1Epoch = fill.l1Epoch(w.request.key(), clock.millis());
        w.notice = notices.watch(RedisKeys.fillLock(w.lockKey));
        return fillLock.takeFillAsync(w.lockKey, w.owner, lease, w.entryKey, w.request.key(),
                CacheFill.knownTokens(w.request, w.prior)).onItemOrFailure()
                .transformToUni((take, failure) -> taken(w, take, failure));
    }

    /**
     * A plain miss's turn, made before its lookup ({@link #readOrTake}): the lookup's read of the entry then takes
     * the fill lock in the same round trip when there is no entry.
     */
    Waiting plainTurn(ClientRequest request) {
        return new Waiting(request, null, request.key(), newOwner(), System.nanoTime() + maxWaitNanos,
                new RedisSilence(silenceBudgetNanos), request.key(), clock.millis());
    }

    /**
     * The lookup's read of {@code w}'s entry ({@link EntryOrFillLock}): the entry and its stamp, or none, and then
     * the lock's turn is taken already and {@link #fill(Waiting)} goes on from it.
     */
    Uni<EntryStore.StampedEntry> readOrTake(Waiting w) {
        w.l1Epoch = fill.l1Epoch(w.request.key(), clock.millis());
        w.notice = notices.watch(RedisKeys.fillLock(w.lockKey));
        return EntryOrFillLock.run(redis, w.request.key(), w.lockKey, w.owner, lease,
                CacheFill.knownTokens(w.request, null)).onFailure().invoke(e -> {
                    notices.unwatch(RedisKeys.fillLock(w.lockKey), w.notice);
                }).map(answer -> {
                    if (answer.take() == null || !Turn.WAIT.equals(Turn.of(answer.take().holder(), w.owner))) {
                        notices.unwatch(RedisKeys.fillLock(w.lockKey), w.notice);
                    }
                    if (answer.take() != null && l1.enabled()) {
                        // no entry in Redis: none in L1 either (as the lookup's plain read does); that drop moves
                        // the key's L1 epoch by one, which is this miss's own and must not keep its fill out of L1
                        l1.invalidate(w.request.key());
                        if (w.l1Epoch != EntryStore.NO_L1) {
                            w.l1Epoch++;
                        }
                    }
                    w.taken = answer.take();
                    return answer.entry();
                });
    }

    /** {@link #fill(ClientRequest, CacheEntry, String)} of a plain miss whose lookup was {@link #readOrTake}. */
    Uni<Reply> fill(Waiting w) {
        FillLock.FillTake take = w.taken;
        if (take == null) {
            return take(w); // the entry was there (but did not answer), or Redis answered late: ask with the same owner
        }
        w.taken = null;
        w.silence.answered();
        w.before = take.state();
        return turn(w, Turn.of(take.holder(), w.owner), take.start());
    }

    private Uni<Reply> taken(Waiting w, FillLock.FillTake take, Throwable failure) {
        if (failure != null || !Turn.WAIT.equals(turnOf(take, w))) {
            notices.unwatch(RedisKeys.fillLock(w.lockKey), w.notice);
        }
        if (failure != null) {
            // a late answer: the script may have run and taken the lock for us; asking again with the
            // same owner tells
            return onStoreFailure(w, failure, () -> take(w));
        }
        w.silence.answered();
        if (FillLock.STORED.equals(take.holder())) {
            return storedByOther(w.request, null, w.since).onItemOrFailure().transformToUni((served, f) -> {
                if (f != null) {
                    return onStoreFailure(w, f, () -> take(w));
                }
                if (served != null) {
                    if (w.waited) {
                        metrics.collapsed();
                    }
                    return Uni.createFrom().item(served);
                }
                w.entryKey = null; // stored, but not for this request: fill it
                return take(w);
            });
        }
        w.before = take.state();
        return turn(w, Turn.of(take.holder(), w.owner), take.start());
    }

    private static Turn turnOf(FillLock.FillTake take, Waiting w) {
        return FillLock.STORED.equals(take.holder()) ? null : Turn.of(take.holder(), w.owner);
    }

    private Uni<Reply> turn(Waiting w, Turn turn, long start) {
        if (turn == Turn.FILL) {
            return fillHolding(w, start);
        }
        if (turn == Turn.PASS) {
            return fill.fillAsync(w.request, w.prior, w.prior != null, null);
        }
        if (System.nanoTime() - w.deadline > 0) {
            LOG.infof("Waited %d ms for another replica's fill of %s: fetching without the lock",
                    maxWaitNanos / 1_000_000, w.lockKey);
            notices.unwatch(RedisKeys.fillLock(w.lockKey), w.notice);
            return fill.fillAsync(w.request, w.prior, w.prior != null, null);
        }
        w.waited = true;
        // woken by the holder's store or release (FillNotices); the timer only when no notice comes
        return notices.await(w.notice, Duration.ofMillis(pollMs))
                .invoke(x -> notices.unwatch(RedisKeys.fillLock(w.lockKey), w.notice))
                .flatMap(x -> storedByOther(w.request, w.prior, w.since)).onItemOrFailure().transformToUni((served, f) -> {
                    if (f != null) {
                        // a slow answer is no news: the holder still fills for the region, keep waiting a while
                        return onStoreFailure(w, f, () -> take(w));
                    }
                    w.silence.answered();
                    if (served != null) {
                        metrics.collapsed();
                        return Uni.createFrom().item(served);
                    }
                    return take(w);
                });
    }

    /** Redis late: {@code again} until it has been late for too long; unavailable: BYPASS. */
    private Uni<Reply> onStoreFailure(Waiting w, Throwable failure, java.util.function.Supplier<Uni<Reply>> again) {
        if (failure instanceof StoreTimeoutException) {
            return w.silence.exhausted() ? fill.bypassAsync(w.request) : again.get();
        }
        if (failure instanceof StoreUnavailableException) {
            return fill.bypassAsync(w.request);
        }
        return Uni.createFrom().failure(failure);
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

    private Uni<Reply> fillHolding(Waiting w, long start) {
        ClientRequest request = w.request;
        CacheEntry prior = w.prior;
        String lockKey = w.lockKey;
        String owner = w.owner;
        CacheFill.Fence fence = new CacheFill.Fence(lockKey, owner, lease, start, w.before, w.l1Epoch);
        // the lock lives as long as this fill runs: a fetch slowed past the lease (a loaded machine) must not let
        // another replica take over and fetch a second time; a crashed filler renews nothing and its lease runs out
        long keepAlive = vertx.setPeriodic(Math.max(1, lease.toMillis() / 3),
                id -> fillLock.renewFillLater(lockKey, owner, lease));
        // the holder we waited for may have stored between our last look and its release
        Uni<Reply> looked = w.waited ? storedByOther(request, prior, w.since) : Uni.createFrom().nullItem();
        return looked.flatMap(served -> {
            if (served != null) {
                metrics.collapsed();
                return Uni.createFrom().item(served);
            }
            return fill.fillAsync(request, prior, prior != null, fence);
        }).onFailure(StoreUnavailableException.class).recoverWithUni(e -> fill.bypassAsync(request))
                .eventually(() -> {
                    vertx.cancelTimer(keepAlive);
                    if (fence.released().get()) {
                        return Uni.createFrom().voidItem();
                    }
                    // the lease expires by itself when this fails
                    return fillLock.releaseFillAsync(lockKey, owner, fence.unstorable().get() ? lease : Duration.ZERO)
                            .onFailure().recoverWithItem(false);
                });
    }

    /**
     * The copy another fill stored, when it answers this request fresh; else null. With the staleness lease not
     * holding, only a copy stored since {@code since} counts: an older one (found because this request's own lookup
     * timed out, say) is what the lease says to revalidate, not to answer.
     */
    private Uni<Reply> storedByOther(ClientRequest request, CacheEntry prior, long since) {
        return lookup.lookupAsync(request).map(found -> {
            if (found.miss() || (prior != null && sameCopy(found.entry(), prior))
                    || found.entry().version() < request.minVersion()) {
                return null;
            }
            long now = clock.millis();
            if (!stalenessLease.holds(now) && found.entry().storedAt() < since) {
                return null;
            }
            if (ReusePolicy.decide(found.validity(), found.entry(), request.directives(), now,
                    !request.lowerTier()) != Reuse.SERVE_FRESH) {
                return null;
            }
            return Reply.of(found.entry(), Result.HIT);
        });
    }

    private static boolean sameCopy(CacheEntry a, CacheEntry b) {
        return a.freshUntil() == b.freshUntil() && a.version() == b.version();
    }
}
