package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.EntryValidity.FillVerdict;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.cache.StoragePolicy;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.cache.TokenState;
import dev.edgesync.edge.config.LiveRegionSettings;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import dev.edgesync.edge.invalidation.InvalidationPlan;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
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
 */
@ApplicationScoped
public class CacheFill {
    private static final Logger LOG = Logger.getLogger(CacheFill.class);
    /** The origin says the resource is gone: deleted content. */
    private static final java.util.Set<Integer> GONE = java.util.Set.of(404, 410);

    private final CacheStore store;
    private final OriginFetcher origin;
    private final LiveRegionSettings settings;
    private final int attempts;
    private final Duration retain;
    private final long unreachableWindowMs;

    public CacheFill(CacheStore store, OriginFetcher origin, LiveRegionSettings settings, RegionConfig config) {
        this.store = store;
        this.origin = origin;
        this.settings = settings;
        this.attempts = Math.max(1, config.origin().fillAttempts());
        this.retain = config.cache().retainAfterStale();
        this.unreachableWindowMs = config.cache().staleIfUnreachable().toMillis();
    }

    /**
     * Fills the cache for {@code request}.
     *
     * @param prior the stored entry being replaced, validated when {@code conditional}, and served STALE if the
     *        origin fails within its {@code stale-if-error} window; null when there is none that may be served
     * @param conditional revalidate {@code prior} with its validators ({@code If-None-Match}, {@code If-Modified-Since})
     */
    public Reply fill(ClientRequest request, CacheEntry prior, boolean conditional) {
        return fill(request, prior, conditional, null);
    }

    /**
     * A fill holding the region fill lock ({@link RegionFill}): the lease is renewed before each further attempt,
     * and the entry is stored only while {@code fence} still holds the lock, so a filler that lost its lease (it
     * stalled past it and another replica took over) never overwrites the newer fill.
     *
     * @param fence the region fill lock held, or null for an unfenced store
     */
    public Reply fill(ClientRequest request, CacheEntry prior, boolean conditional, Fence fence) {
        String key = request.key();
        boolean revalidate = conditional && prior != null && prior.hasValidator();
        FillVerdict last = null;
        Reply lastReply = null;
        boolean shieldBehind = false;
        // tokens known before the fetch: the prior copy's, else the key's; a response's tags join them for a retry
        List<String> known = prior != null ? prior.tokens() : CacheKey.tokens(key, List.of());
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long fillStart;
            ShieldAsk ask = ShieldAsk.NONE;
            try {
                if (fence != null && attempt > 1 && !store.renewFill(fence.key(), fence.token(), fence.lease())) {
                    LOG.debugf("Fill of %s lost its region lock before attempt %d", key, attempt);
                }
                // the first attempt of a fill holding the region lock started when it took it (same round trip)
                fillStart = fence != null && attempt == 1 && fence.start() > 0 ? fence.start() : store.fillStart();
                if (origin.shielded()) {
                    ask = ShieldAsk.of(store.state(key, known), known, request.minVersion(),
                            System.currentTimeMillis());
                }
            } catch (StoreUnavailableException e) {
                return bypass(request);
            }
            long requestTime = System.currentTimeMillis();
            OriginResponse response;
            try {
                response = origin.fetch(request, revalidate ? prior : null, ask);
            } catch (OriginException e) {
                if (prior != null && ReusePolicy.staleWhenUnreachable(prior, request.directives(),
                        System.currentTimeMillis(), unreachableWindowMs)) {
                    return Reply.of(prior, Result.STALE);
                }
                return originProblem(e);
            }
            if (StoragePolicy.ORIGIN_ERRORS.contains(response.status())) {
                Reply stale = staleOr(prior, request, null);
                if (stale != null) {
                    return stale;
                } // else stored like any response when it has explicit freshness (StoragePolicy), else passed through
            }
            long now = System.currentTimeMillis();
            Optional<CacheEntry> candidate;
            Result result;
            if (response.status() == 304 && revalidate) {
                candidate = EntryFactory.revalidated(prior, response.joined(), settings.get().maxTtl(), requestTime,
                        now);
                result = Result.REVALIDATED;
                if (candidate.isEmpty()) {
                    return Reply.of(prior, Result.BYPASS);
                }
            } else {
                candidate = EntryFactory.fromOrigin(key, response.status(), response.joined(), response.body(),
                        settings.get().maxTtl(), requestTime, now, request::header);
                result = Result.MISS;
                if (candidate.isEmpty()) {
                    if (fence != null) {
                        fence.unstorable().set(true);
                    }
                    if (prior != null && GONE.contains(response.status())) {
                        forget(key);
                    }
                    return Reply.passThrough(response, Result.BYPASS);
                }
            }
            CacheEntry entry = candidate.get();
            TokenState state;
            try {
                state = store.state(key, entry.tokens());
            } catch (StoreUnavailableException e) {
                return reply(response, entry, Result.BYPASS);
            }
            // a lower tier's X-EdgeSync-Min-Version counts like this region's own hard minimum version
            TokenState judged = request.minVersion() > state.minVersionHard()
                    ? new TokenState(state.hard(), state.soft(), request.minVersion(), state.minVersionSoft())
                    : state;
            if (GONE.contains(entry.status())) {
                // a 404/410 has no version, yet it is the newest answer there is: it satisfies any minimum version
                entry = atVersion(entry, Math.max(judged.minVersionHard(), judged.minVersionSoft()));
            }
            FillVerdict verdict = EntryValidity.judgeFill(entry.version(), entry.tokens(), judged, fillStart);
            shieldBehind = false;
            if (!verdict.retry() && origin.shielded() && ShieldAsk.predatesInvalidation(state, entry.tokens(),
                    response.header("x-cache"), response.header("age"), requestTime)) {
                verdict = FillVerdict.HARD_RACED;
                shieldBehind = true;
            }
            known = entry.tokens();
            if (!verdict.retry()) {
                CacheEntry stored = EntryFactory.withSnapshot(entry, state, verdict == FillVerdict.STALE);
                try {
                    if (fence == null) {
                        store.put(stored, now, retain);
                    } else if (store.putFenced(stored, now, retain, fence.key(), fence.token(), true)) {
                        fence.released().set(true);
                    } else {
                        LOG.debugf("Fill of %s not stored: its region fill lock was lost (fencing)", key);
                    }
                } catch (StoreUnavailableException e) {
                    return reply(response, stored, Result.BYPASS);
                }
                return reply(response, stored, result);
            }
            LOG.debugf("Fill of %s attempt %d: %s (version %d, min hard %d, min soft %d)", key, attempt, verdict,
                    entry.version(), state.minVersionHard(), state.minVersionSoft());
            last = verdict;
            lastReply = reply(response, entry, result);
            revalidate = false;
            if (attempt < attempts) {
                sleep(25L * attempt * attempt);
            }
        }
        LOG.infof("Fill of %s not stored after %d attempts: %s%s", key, attempts, last,
                shieldBehind ? " (the shield's copy predates an applied invalidation)" : "");
        if (shieldBehind) {
            return Reply.problem(503, "shield-behind", "Service Unavailable",
                    "the shield keeps answering a copy older than an invalidation this region applied");
        }
        return switch (last) {
            case BEHIND_HARD -> Reply.problem(503, "origin-behind", "Service Unavailable",
                    "the origin keeps answering a version older than an invalidation this region applied");
            case BEHIND_SOFT -> lastReply.withResult(Result.STALE);
            default -> lastReply; // raced a hard invalidation each time: answer, but do not store
        };
    }

    /**
     * The region fill lock a fill holds: lock key (a key or variant key), fencing token, lease; {@code unstorable}
     * is set when the origin's response may not be stored at all (not when the store failed), {@code released} when
     * the fenced store released the lock too.
     */
    public record Fence(String key, String token, Duration lease, long start,
            java.util.concurrent.atomic.AtomicBoolean unstorable, java.util.concurrent.atomic.AtomicBoolean released) {
        public Fence(String key, String token, Duration lease) {
            this(key, token, lease, 0);
        }

        /** @param start the region sequence read when the lock was taken (the first attempt's fill start), or 0 */
        public Fence(String key, String token, Duration lease, long start) {
            this(key, token, lease, start, new java.util.concurrent.atomic.AtomicBoolean(),
                    new java.util.concurrent.atomic.AtomicBoolean());
        }
    }

    /** An unstorable 404/410 replaced a stored copy: the copy must not be served again (hard key purge). */
    private void forget(String key) {
        InvalidationEvent event = InvalidationEvent.purge(UUID.randomUUID().toString(), List.of(key), List.of(),
                List.of(), PurgeMode.HARD, Priority.HIGH, System.currentTimeMillis());
        try {
            store.apply(InvalidationPlan.of(event, settings.strategy()));
        } catch (StoreUnavailableException e) {
            LOG.warnf("Could not remove %s after the origin said it is gone: %s", key, e.getMessage());
        }
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
    public Reply bypass(ClientRequest request) {
        try {
            // with a shield, nothing is known about applied invalidations: ask it for a validated copy
            return Reply.passThrough(origin.fetch(request, null, ShieldAsk.UNKNOWN), Result.BYPASS);
        } catch (OriginException e) {
            return originProblem(e);
        }
    }

    /** stale-if-error: the prior copy when its window (or the request's) allows, else the error as it is. */
    private static Reply staleOr(CacheEntry prior, ClientRequest request, Reply error) {
        if (prior != null && ReusePolicy.staleIfError(prior, request.directives(), System.currentTimeMillis())) {
            return Reply.of(prior, Result.STALE);
        }
        return error;
    }

    /** The problem an unreachable origin gives when no copy may answer: 504 on a timeout, else 502. */
    private static Reply originProblem(OriginException e) {
        return e.timeout()
                ? Reply.problem(504, "origin-timeout", "Gateway Timeout", e.getMessage())
                : Reply.problem(502, "origin-unavailable", "Bad Gateway", e.getMessage());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
