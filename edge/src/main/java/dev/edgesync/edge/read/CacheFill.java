package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.EntryStore;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.EntryValidity.FillVerdict;
import dev.edgesync.edge.cache.FillLock;
import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.cache.StoragePolicy;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.cache.TokenState;
import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import dev.edgesync.edge.invalidation.InvalidationPlan;
import dev.edgesync.edge.invalidation.InvalidationStore;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Fetch and store ({@code vcl_backend_fetch} + {@code vcl_backend_response}): one origin fetch, judged against
 * the invalidations applied while it ran, stored when it may be.
 *
 * <p>No fill race: before the fetch we read the region sequence {@code s0}; after the response we read the
 * generations of the entry's tokens (tags are only known now) and the key's minimum versions. Generations are
 * stamped from the same ever-growing sequence, so a generation above {@code s0} is an invalidation applied while
 * this fill ran. Hard ones, or a response older than the minimum version, make us fetch again (up to
 * {@code edgesync.origin.fill-attempts}); soft ones store the entry already stale. An invalidation applied
 * between our read and our write changes a generation after the snapshot, so the next lookup sees it.
 *
 * <p>Longer than 300 lines on purpose: the fill race argument above holds only if fetch, judge, fenced store and
 * retry are read together, in the order they run; split, each part would hold half of it.
 */
@ApplicationScoped
public class CacheFill {
    private static final Logger LOG = Logger.getLogger(CacheFill.class);
    /** The origin says the resource is gone: deleted content. */
    private static final java.util.Set<Integer> GONE = java.util.Set.of(404, 410);

    private final EntryStore store;
    private final FillLock fillLock;
    private final InvalidationStore invalidations;
    private final OriginFetcher origin;
    private final SettingsInForce settings;
    private final int attempts;
    private final Duration retain;
    private final long unreachableWindowMs;

    private final RegionCoherence coherence;

    private final PartialStore partials;

    private final InstantSource clock;

    public CacheFill(EntryStore store, FillLock fillLock, InvalidationStore invalidations, OriginFetcher origin,
            SettingsInForce settings, EdgeConfig config, RegionCoherence coherence, PartialStore partials,
            InstantSource clock) {
        this.clock = clock;
        this.partials = partials;
        this.coherence = coherence;
        this.store = store;
        this.fillLock = fillLock;
        this.invalidations = invalidations;
        this.origin = origin;
        this.settings = settings;
        this.attempts = Math.max(1, config.origin().fillAttempts());
        this.retain = config.cache().retainAfterStale();
        this.unreachableWindowMs = config.cache().staleIfUnreachable().toMillis();
    }

    /**
     * Fills the cache for {@code request}, waiting for it (not on an event loop).
     *
     * @param prior the stored entry being replaced, validated when {@code conditional}, and served STALE if the
     *        origin fails within its {@code stale-if-error} window; null when there is none that may be served
     * @param conditional revalidate {@code prior} with its validators ({@code If-None-Match}, {@code If-Modified-Since})
     */
    public Reply fill(ClientRequest request, CacheEntry prior, boolean conditional) {
        return fillAsync(request, prior, conditional, null).await().indefinitely();
    }

    /**
     * A fill holding no thread while Redis or the origin answers. With {@code fence}, the region fill lock it holds
     * ({@link RegionFill}): the lease is renewed before each further attempt, and the entry is stored only while
     * {@code fence} still holds the lock, so a filler that lost its lease (it stalled past it and another replica
     * took over) never overwrites the newer fill.
     *
     * @param fence the region fill lock held, or null for an unfenced store
     */
    public Uni<Reply> fillAsync(ClientRequest request, CacheEntry prior, boolean conditional, Fence fence) {
        // tokens known before the fetch: the prior copy's, else the key's; a response's tags join them for a retry
        Run run = new Run(request, prior, fence, conditional && prior != null && prior.hasValidator(),
                knownTokens(request, prior));
        return attempt(run, 1);
    }

    /** What one fill carries from attempt to attempt. */
    private static final class Run {
        final ClientRequest request;
        final CacheEntry prior;
        final Fence fence;
        boolean revalidate;
        List<String> known;
        FillVerdict last;
        Reply lastReply;
        boolean shieldBehind;

        Run(ClientRequest request, CacheEntry prior, Fence fence, boolean revalidate, List<String> known) {
            this.request = request;
            this.prior = prior;
            this.fence = fence;
            this.revalidate = revalidate;
            this.known = known;
        }
    }

    /** Before the fetch: the fill's start (region sequence) and what to ask a shield for. */
    private record Before(long fillStart, ShieldAsk ask) {
    }

    private Uni<Reply> attempt(Run run, int attempt) {
        String key = run.request.key();
        Fence fence = run.fence;
        Uni<Boolean> renewed = fence != null && attempt > 1
                ? fillLock.renewFillAsync(fence.key(), fence.owner(), fence.lease()).invoke(held -> {
                    if (!held) {
                        LOG.debugf("Fill of %s lost its region lock before attempt %d", key, attempt);
                    }
                })
                : Uni.createFrom().item(true);
        // the first attempt of a fill holding the region lock started when it took it (same round trip)
        Uni<Before> before = renewed.flatMap(x -> fence != null && attempt == 1 && fence.start() > 0
                ? Uni.createFrom().item(fence.start()) : fillLock.fillStartAsync())
                .flatMap(fillStart -> origin.shielded()
                        ? knownState(run, attempt).map(state -> new Before(fillStart, ShieldAsk.of(state,
                                run.known, run.request.minVersion(), clock.millis())))
                        : Uni.createFrom().item(new Before(fillStart, ShieldAsk.NONE)));
        return before.onItemOrFailure().transformToUni((b, failure) -> {
            if (failure instanceof StoreUnavailableException) {
                return bypassAsync(run.request);
            }
            if (failure != null) {
                return Uni.createFrom().failure(failure);
            }
            long requestTime = clock.millis();
            return origin.fetchAsync(run.request, run.revalidate ? run.prior : null, b.ask())
                    .onItemOrFailure().transformToUni((response, error) -> {
                        if (error instanceof OriginException e) {
                            if (run.prior != null && ReusePolicy.staleWhenUnreachable(run.prior,
                                    run.request.directives(), clock.millis(), unreachableWindowMs)) {
                                return Uni.createFrom().item(Reply.of(run.prior, Result.STALE));
                            }
                            return Uni.createFrom().item(originProblem(e));
                        }
                        if (error != null) {
                            return Uni.createFrom().failure(error);
                        }
                        return received(run, attempt, b.fillStart(), requestTime, response);
                    });
        });
    }

    /** The state of the tokens known before the fetch: read with the lock on a first attempt, else now. */
    private Uni<TokenState> knownState(Run run, int attempt) {
        EntryStore.StateRead before = attempt == 1 && run.fence != null ? run.fence.before() : null;
        return before != null && before.tokens().equals(run.known) ? Uni.createFrom().item(before.state())
                : store.stateAsync(run.request.key(), run.known);
    }

    /** {@code vcl_backend_response}: judge the origin's answer against the invalidations applied meanwhile. */
    private Uni<Reply> received(Run run, int attempt, long fillStart, long requestTime, OriginResponse response) {
        ClientRequest request = run.request;
        CacheEntry prior = run.prior;
        String key = request.key();
        if (response.status() == 206 && !run.revalidate) {
            // stored as a part; once the parts cover the whole representation, stored as the complete 200 (PartialStore)
            return partials.received(request, response, fillStart, requestTime).flatMap(r -> {
                if (r.complete() != null) {
                    return received(run, attempt, fillStart, requestTime, r.complete());
                }
                if (run.fence != null) {
                    run.fence.unstorable().set(true);
                }
                return Uni.createFrom().item(Reply.passThrough(response, r.stored() ? Result.MISS : Result.BYPASS));
            });
        }
        if (StoragePolicy.ORIGIN_ERRORS.contains(response.status())) {
            Reply stale = staleOr(prior, request, null);
            if (stale != null) {
                return Uni.createFrom().item(stale);
            } // else stored like any response when it has explicit freshness (StoragePolicy), else passed through
        }
        long now = clock.millis();
        Optional<CacheEntry> candidate;
        Result result;
        if (response.status() == 304 && run.revalidate) {
            candidate = EntryFactory.revalidated(prior, response.joined(), settings.get().maxTtl(), requestTime, now);
            result = Result.REVALIDATED;
            if (candidate.isEmpty()) {
                return Uni.createFrom().item(Reply.of(prior, Result.BYPASS));
            }
        } else {
            candidate = EntryFactory.fromOrigin(key, response.status(), response.joined(), response.body(),
                    settings.get().maxTtl(), requestTime, now, request::header);
            result = Result.MISS;
            if (candidate.isEmpty()) {
                if (run.fence != null) {
                    run.fence.unstorable().set(true);
                }
                Reply passed = Reply.passThrough(response, Result.BYPASS);
                return prior != null && GONE.contains(response.status()) ? forget(key).replaceWith(passed)
                        : Uni.createFrom().item(passed);
            }
        }
        CacheEntry fetched = candidate.get();
        EntryStore.StateRead before = attempt == 1 && run.fence != null ? run.fence.before() : null;
        if (before != null && before.tokens().containsAll(fetched.tokens())) {
            // the state read with the lock covers every token of the response: judged against it, and stored only
            // while it still holds (compare-and-set in the store's script), so no read of the state here
            return judged(run, attempt, fillStart, requestTime, response, fetched, result, before.state(), now,
                    run.fence.l1Epoch(), before);
        }
        return readAndJudge(run, attempt, fillStart, requestTime, response, fetched, result, now);
    }

    /** The state of the response's tokens read now, then {@link #judged}. */
    private Uni<Reply> readAndJudge(Run run, int attempt, long fillStart, long requestTime, OriginResponse response,
            CacheEntry fetched, Result result, long now) {
        // taken before the state is read: an invalidation reaching L1 from now on keeps the filled copy out of it
        long l1Epoch = l1Epoch(run.request.key(), now);
        return store.stateAsync(run.request.key(), fetched.tokens()).onItemOrFailure().transformToUni((state, failure) -> {
            if (failure instanceof StoreUnavailableException) {
                return Uni.createFrom().item(reply(response, fetched, Result.BYPASS));
            }
            if (failure != null) {
                return Uni.createFrom().failure(failure);
            }
            return judged(run, attempt, fillStart, requestTime, response, fetched, result, state, now, l1Epoch, null);
        });
    }

    /** @param unchanged the state {@code state} was read as, stored only while it holds; null: stored as judged */
    private Uni<Reply> judged(Run run, int attempt, long fillStart, long requestTime, OriginResponse response,
            CacheEntry fetched, Result result, TokenState state, long now, long l1Epoch,
            EntryStore.StateRead unchanged) {
        ClientRequest request = run.request;
        String key = request.key();
        CacheEntry entry = fetched;
        // a lower tier's X-EdgeSync-Min-Version counts like this region's own hard minimum version
        TokenState judged = request.minVersion() > state.minVersionHard()
                ? new TokenState(state.hard(), state.soft(), request.minVersion(), state.minVersionSoft())
                : state;
        if (GONE.contains(entry.status())) {
            // a 404/410 has no version, yet it is the newest answer there is: it satisfies any minimum version
            entry = atVersion(entry, Math.max(judged.minVersionHard(), judged.minVersionSoft()));
        }
        FillVerdict verdict = EntryValidity.judgeFill(entry.version(), entry.tokens(), judged, fillStart);
        run.shieldBehind = false;
        if (!verdict.retry() && origin.shielded() && ShieldAsk.predatesInvalidation(state, entry.tokens(),
                response.header("x-cache"), response.header("age"), requestTime)) {
            verdict = FillVerdict.HARD_RACED;
            run.shieldBehind = true;
        }
        run.known = entry.tokens();
        if (!verdict.retry()) {
            CacheEntry stored = EntryFactory.withSnapshot(entry, state, verdict == FillVerdict.STORE_STALE);
            // a fresh copy goes to this replica's L1 too: the next hit needs no Redis round trip
            long keep = l1Epoch != EntryStore.NO_L1
                    && EntryValidity.judge(stored, state, now) == EntryValidity.Validity.FRESH ? l1Epoch
                            : EntryStore.NO_L1;
            Fence fence = run.fence;
            Uni<String> write = fence == null ? store.putAsync(stored, now, retain, keep)
                    : (unchanged == null ? store.putFencedAsync(stored, now, retain, fence.key(), fence.owner(), true, keep)
                            : store.putFencedAsync(stored, now, retain, fence.key(), fence.owner(), true, keep,
                                    unchanged))
                            .invoke(stamp -> {
                        if (stamp == EntryStore.STATE_CHANGED) {
                            LOG.debugf("Fill of %s: the state changed since the lock was taken, judging again", key);
                        } else if (stamp != null) {
                            fence.released().set(true);
                        } else {
                            LOG.debugf("Fill of %s not stored: its region fill lock was lost (fencing)", key);
                        }
                    });
            return write.onItemOrFailure().transformToUni((stamp, failure) -> {
                if (failure instanceof StoreUnavailableException) {
                    return Uni.createFrom().item(reply(response, stored, Result.BYPASS));
                }
                if (failure != null) {
                    return Uni.createFrom().failure(failure);
                }
                if (stamp == EntryStore.STATE_CHANGED) {
                    // an invalidation or a minimum version arrived during the fetch: judge against the state now
                    return readAndJudge(run, attempt, fillStart, requestTime, response, fetched, result,
                            clock.millis());
                }
                return Uni.createFrom().item(reply(response, stored, result));
            });
        }
        LOG.debugf("Fill of %s attempt %d: %s (version %d, min hard %d, min soft %d)", key, attempt, verdict,
                entry.version(), state.minVersionHard(), state.minVersionSoft());
        run.last = verdict;
        run.lastReply = reply(response, entry, result);
        run.revalidate = false;
        if (attempt < attempts) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(25L * attempt * attempt))
                    .flatMap(x -> attempt(run, attempt + 1));
        }
        return Uni.createFrom().item(gaveUp(run, key));
    }

    /** After the last attempt raced or fell behind: what the client gets. */
    private Reply gaveUp(Run run, String key) {
        LOG.infof("Fill of %s not stored after %d attempts: %s%s", key, attempts, run.last,
                run.shieldBehind ? " (the shield's copy predates an applied invalidation)" : "");
        if (run.shieldBehind) {
            return Reply.problem(503, "shield-behind",
                    "the shield keeps answering a copy older than an invalidation this region applied");
        }
        return switch (run.last) {
            case BEHIND_HARD -> Reply.problem(503, "origin-behind",
                    "the origin keeps answering a version older than an invalidation this region applied");
            case BEHIND_SOFT -> run.lastReply.withResult(Result.STALE);
            default -> run.lastReply; // raced a hard invalidation each time: answer, but do not store
        };
    }

    /**
     * The region fill lock a fill holds: lock key (a key or variant key), fill owner, lease; {@code unstorable}
     * is set when the origin's response may not be stored at all (not when the store failed), {@code released} when
     * the fenced store released the lock too.
     */
    public record Fence(String key, String owner, Duration lease, long start,
            java.util.concurrent.atomic.AtomicBoolean unstorable, java.util.concurrent.atomic.AtomicBoolean released,
            EntryStore.StateRead before, long l1Epoch) {
        public Fence(String key, String owner, Duration lease) {
            this(key, owner, lease, 0);
        }

        /** @param start the region sequence read when the lock was taken (the first attempt's fill start), or 0 */
        public Fence(String key, String owner, Duration lease, long start) {
            this(key, owner, lease, start, null, EntryStore.NO_L1);
        }

        /**
         * @param before the state read with the lock ({@link FillLock#takeFillAsync}), or null: the first attempt
         *        is judged against it and stored only while it still holds (no read of the state after the fetch)
         * @param l1Epoch {@link CacheFill#l1Epoch} taken before {@code before} was read
         */
        public Fence(String key, String owner, Duration lease, long start, EntryStore.StateRead before, long l1Epoch) {
            this(key, owner, lease, start, new java.util.concurrent.atomic.AtomicBoolean(),
                    new java.util.concurrent.atomic.AtomicBoolean(), before, l1Epoch);
        }
    }

    /**
     * The L1 epoch of {@code key} a fill whose state is read from now on keeps its copy in L1 with
     * ({@link EntryStore#putAsync(CacheEntry, long, Duration, long)}); {@link EntryStore#NO_L1} when L1 is off or not
     * current.
     */
    public long l1Epoch(String key, long now) {
        return store.l1().enabled() && coherence.current(now) ? store.l1().epoch(key) : EntryStore.NO_L1;
    }

    /** The tokens a fill of {@code request} knows before its fetch: {@code prior}'s, else the key's. */
    public static List<String> knownTokens(ClientRequest request, CacheEntry prior) {
        return prior != null ? prior.tokens() : CacheKey.tokens(request.key(), List.of());
    }

    /** An unstorable 404/410 replaced a stored copy: the copy must not be served again (hard key purge). */
    private Uni<Long> forget(String key) {
        InvalidationEvent event = InvalidationEvent.purge(UUID.randomUUID().toString(), List.of(key), List.of(),
                List.of(), PurgeMode.HARD, Priority.HIGH, clock.millis());
        return invalidations.applyAsync(InvalidationPlan.of(event, settings.strategy()))
                .onFailure(StoreUnavailableException.class).recoverWithItem(e -> {
                    LOG.warnf("Could not remove %s after the origin said it is gone: %s", key, e.getMessage());
                    return 0L;
                });
    }

    /**
     * A gone response stored at the version its deletion reached (when above its own), so that it is served and
     * not treated as older than the region's minimum versions.
     */
    private static CacheEntry atVersion(CacheEntry e, long version) {
        if (e.version() >= version) {
            return e;
        }
        return new CacheEntry(e.key(), e.status(), e.headers(), e.body(), version, e.etag(), e.lastModified(),
                e.tags(), e.storedAt(), e.freshUntil(), e.staleUntil(), e.hardSnapshot(), e.softSnapshot(),
                e.markedStale(), e.initialAgeMs(), e.vary(), e.variant());
    }

    /** A full response goes to this client as the origin sent it; a 304 refresh serves the refreshed entry. */
    private static Reply reply(OriginResponse response, CacheEntry entry, Result result) {
        return response.status() == 304 ? Reply.of(entry, result) : Reply.fromOrigin(response, entry, result);
    }

    /** Straight to the origin without the store (Redis unavailable). */
    public Uni<Reply> bypassAsync(ClientRequest request) {
        // with a shield, nothing is known about applied invalidations: ask it for a validated copy
        return origin.fetchAsync(request, null, ShieldAsk.UNKNOWN)
                .map(response -> Reply.passThrough(response, Result.BYPASS))
                .onFailure(OriginException.class).recoverWithItem(e -> originProblem((OriginException) e));
    }

    /** stale-if-error: the prior copy when its window (or the request's) allows, else the error as it is. */
    private Reply staleOr(CacheEntry prior, ClientRequest request, Reply error) {
        if (prior != null && ReusePolicy.staleIfError(prior, request.directives(), clock.millis())) {
            return Reply.of(prior, Result.STALE);
        }
        return error;
    }

    /** The problem an unreachable origin gives when no copy may answer: 504 on a timeout, else 502. */
    private static Reply originProblem(OriginException e) {
        return e.timeout()
                ? Reply.problem(504, "origin-timeout", e.getMessage())
                : Reply.problem(502, "origin-unavailable", e.getMessage());
    }

}
