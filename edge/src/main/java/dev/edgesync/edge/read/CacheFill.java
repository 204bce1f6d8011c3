package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.EntryValidity.FillVerdict;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.cache.TokenState;
import dev.edgesync.edge.config.LiveRegionSettings;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
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

    private final CacheStore store;
    private final OriginFetcher origin;
    private final LiveRegionSettings settings;
    private final int attempts;
    private final Duration retain;

    public CacheFill(CacheStore store, OriginFetcher origin, LiveRegionSettings settings, RegionConfig config) {
        this.store = store;
        this.origin = origin;
        this.settings = settings;
        this.attempts = Math.max(1, config.origin().fillAttempts());
        this.retain = config.cache().retainAfterStale();
    }

    /**
     * Fills {@code key}.
     *
     * @param prior the stored entry being replaced, served STALE if the origin fails; null when there is none
     *        that may be served
     * @param conditional revalidate {@code prior} with {@code If-None-Match}
     */
    public Reply fill(String key, String accept, CacheEntry prior, boolean conditional) {
        boolean revalidate = conditional && prior != null && prior.hasEtag();
        FillVerdict last = null;
        Reply lastReply = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long fillStart;
            try {
                fillStart = store.fillStart();
            } catch (StoreUnavailableException e) {
                return bypass(key, accept);
            }
            OriginResponse response;
            try {
                response = origin.fetch(key, accept, revalidate ? prior.etag() : null);
            } catch (OriginException e) {
                return staleOr(prior, e.timeout()
                        ? Reply.problem(504, "origin-timeout", "Gateway Timeout", e.getMessage())
                        : Reply.problem(502, "origin-unavailable", "Bad Gateway", e.getMessage()));
            }
            if (response.status() >= 500) {
                return staleOr(prior, Reply.problem(502, "origin-error", "Bad Gateway",
                        "origin answered " + response.status()));
            }
            long now = System.currentTimeMillis();
            Optional<CacheEntry> candidate;
            Result result;
            if (response.status() == 304 && revalidate) {
                candidate = EntryFactory.revalidated(prior, response::header, settings.get().maxTtl(), now);
                result = Result.REVALIDATED;
                if (candidate.isEmpty()) {
                    return Reply.of(prior, Result.BYPASS);
                }
            } else {
                candidate = EntryFactory.fromOrigin(key, response.status(), response::header, response.body(),
                        settings.get().maxTtl(), now);
                result = Result.MISS;
                if (candidate.isEmpty()) {
                    return Reply.passThrough(response, Result.BYPASS);
                }
            }
            CacheEntry entry = candidate.get();
            TokenState state;
            try {
                state = store.state(key, entry.tokens());
            } catch (StoreUnavailableException e) {
                return Reply.of(entry, Result.BYPASS);
            }
            FillVerdict verdict = EntryValidity.judgeFill(entry.version(), entry.tokens(), state, fillStart);
            if (!verdict.retry()) {
                CacheEntry stored = EntryFactory.withSnapshot(entry, state, verdict == FillVerdict.STALE);
                try {
                    store.put(stored, now, retain);
                } catch (StoreUnavailableException e) {
                    return Reply.of(stored, Result.BYPASS);
                }
                return Reply.of(stored, result);
            }
            LOG.debugf("Fill of %s attempt %d: %s (version %d, min hard %d, min soft %d)", key, attempt, verdict,
                    entry.version(), state.minVersionHard(), state.minVersionSoft());
            last = verdict;
            lastReply = Reply.of(entry, result);
            revalidate = false;
            if (attempt < attempts) {
                sleep(25L * attempt * attempt);
            }
        }
        LOG.infof("Fill of %s not stored after %d attempts: %s", key, attempts, last);
        return switch (last) {
            case BEHIND_HARD -> Reply.problem(503, "origin-behind", "Service Unavailable",
                    "the origin keeps answering a version older than an invalidation this region applied");
            case BEHIND_SOFT -> lastReply.withResult(Result.STALE);
            default -> lastReply; // raced a hard invalidation each time: answer, but do not store
        };
    }

    /** Straight to the origin without the store (Redis unavailable). */
    public Reply bypass(String key, String accept) {
        try {
            return Reply.passThrough(origin.fetch(key, accept, null), Result.BYPASS);
        } catch (OriginException e) {
            return e.timeout()
                    ? Reply.problem(504, "origin-timeout", "Gateway Timeout", e.getMessage())
                    : Reply.problem(502, "origin-unavailable", "Bad Gateway", e.getMessage());
        }
    }

    private static Reply staleOr(CacheEntry prior, Reply problem) {
        return prior == null ? problem : Reply.of(prior, Result.STALE);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
