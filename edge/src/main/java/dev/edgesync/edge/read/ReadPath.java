package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The read path, stage by stage like Varnish: receive and key ({@link ClientRequest}) → lookup
 * ({@link CacheLookup}) → hit / stale / miss (here) → fetch, collapsed ({@link FillCollapser}, {@link CacheFill})
 * → store ({@link CacheFill}) → deliver ({@link Delivery}).
 */
@ApplicationScoped
public class ReadPath {
    private static final Logger LOG = Logger.getLogger(ReadPath.class);

    private final CacheLookup lookup;
    private final FillCollapser collapser;
    private final CacheFill fill;
    private final BackgroundRevalidator revalidator;
    private final EdgeMetrics metrics;

    public ReadPath(CacheLookup lookup, FillCollapser collapser, CacheFill fill, BackgroundRevalidator revalidator,
            EdgeMetrics metrics) {
        this.lookup = lookup;
        this.collapser = collapser;
        this.fill = fill;
        this.revalidator = revalidator;
        this.metrics = metrics;
    }

    public Reply serve(ClientRequest request) {
        long start = System.nanoTime();
        Reply reply;
        try {
            reply = decide(request);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Serving %s failed", request.key());
            reply = Reply.problem(500, "edge-error", "Internal Server Error", "the edge failed: " + e);
        }
        metrics.request(reply.result(), System.nanoTime() - start);
        return reply;
    }

    private Reply decide(ClientRequest request) {
        CacheLookup.Found found;
        long start = System.nanoTime();
        try {
            found = lookup.lookup(request.key());
        } catch (StoreUnavailableException e) {
            LOG.debugf("Store unavailable after %d ms, bypassing for %s: %s", (System.nanoTime() - start) / 1_000_000,
                    request.key(), e.getMessage());
            return fill.bypass(request.key(), request.accept());
        }
        if (found.miss()) {
            return miss(request, null, false);
        }
        CacheEntry entry = found.entry();
        return switch (found.validity()) {
            case FRESH -> hit(entry);
            case STALE -> stale(request, entry);
            case EXPIRED -> miss(request, entry, entry.hasEtag());
            case INVALID -> miss(request, null, false);
        };
    }

    /** {@code vcl_hit}, fresh. */
    private Reply hit(CacheEntry entry) {
        return Reply.of(entry, Result.HIT);
    }

    /** {@code vcl_hit}, stale: serve it and let one background revalidation refresh it. */
    private Reply stale(ClientRequest request, CacheEntry entry) {
        revalidator.trigger(entry, request.accept());
        return Reply.of(entry, Result.STALE);
    }

    /**
     * {@code vcl_miss}: one fill per key in this process; waiters share its reply. The leader looks again first,
     * in case a fill finished between its lookup and its turn.
     */
    private Reply miss(ClientRequest request, CacheEntry prior, boolean conditional) {
        return collapser.fill(request.key(), () -> {
            if (prior == null) {
                try {
                    CacheLookup.Found again = lookup.lookup(request.key());
                    if (!again.miss() && again.validity() == Validity.FRESH) {
                        return hit(again.entry());
                    }
                } catch (StoreUnavailableException e) {
                    return fill.bypass(request.key(), request.accept());
                }
            }
            return fill.fill(request.key(), request.accept(), prior, conditional);
        });
    }
}
