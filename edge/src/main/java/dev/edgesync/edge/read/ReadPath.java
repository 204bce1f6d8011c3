package dev.edgesync.edge.read;

import dev.edgesync.edge.bound.OutageFills;
import dev.edgesync.edge.bound.StaleServing;
import dev.edgesync.edge.cache.CacheControl;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.cache.ReusePolicy.Reuse;
import dev.edgesync.edge.cache.StoreTimeoutException;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.cache.VaryKey;
import dev.edgesync.edge.invalidation.StalenessLease;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The read path of GET and HEAD, stage by stage like Varnish: receive and key ({@link ClientRequest}) → lookup
 * ({@link CacheLookup}) → hit / stale / miss (here, with {@link ReusePolicy}) → fetch, collapsed
 * (joining from arrival in this process, {@link RegionFill} across the region's replicas, {@link CacheFill}) → store ({@link CacheFill}) → deliver ({@link Delivery}). No stage
 * holds a thread while it waits: Redis, the origin and other fills answer through {@link Uni}s.
 */
@ApplicationScoped
public class ReadPath {
    private static final Logger LOG = Logger.getLogger(ReadPath.class);

    private final CacheLookup lookup;
    private final RegionFill regionFill;
    private final CacheFill fill;
    private final BackgroundRevalidator revalidator;
    private final EdgeMetrics metrics;
    private final StalenessLease lease;
    private final OutageFills outageFills;
    private final StaleServing staleServing;
    /** Plain requests being served in this process, by key: later ones join ({@link #serveAsync}). */
    private final ConcurrentHashMap<String, CompletableFuture<Reply>> arrivals = new ConcurrentHashMap<>();

    public ReadPath(CacheLookup lookup, RegionFill regionFill, CacheFill fill,
            BackgroundRevalidator revalidator, EdgeMetrics metrics, StalenessLease lease,
            OutageFills outageFills, StaleServing staleServing) {
        this.lease = lease;
        this.outageFills = outageFills;
        this.staleServing = staleServing;
        this.lookup = lookup;
        this.regionFill = regionFill;
        this.fill = fill;
        this.revalidator = revalidator;
        this.metrics = metrics;
    }

    /**
     * The read path, holding no thread while Redis, the origin or another fill answers. Plain requests (no
     * credentials, request directives or lower-tier fields) of a key that this process already serves join that
     * request's reply. Joining from arrival (not from the leader's lookup) matters under load: a request that arrived
     * during a fill but looked up after it would find the fresh copy and, with the staleness lease not holding,
     * revalidate it with the origin (a second fetch). A joiner the leader's reply does not suit runs on its own.
     */
    public Uni<Reply> serveAsync(ClientRequest request) {
        if (!joinable(request)) {
            return serveOwn(request);
        }
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Reply> mine = new CompletableFuture<>();
            CompletableFuture<Reply> running = arrivals.putIfAbsent(request.key(), mine);
            if (running == null) {
                // runs to its end even when this client goes away: the joiners depend on it
                serveOwn(request).subscribe().with(reply -> {
                    arrivals.remove(request.key(), mine);
                    mine.complete(reply);
                }, failure -> {
                    arrivals.remove(request.key(), mine);
                    mine.completeExceptionally(failure);
                });
                return Uni.createFrom().completionStage(mine);
            }
            long start = System.nanoTime();
            return Uni.createFrom().completionStage(running).onItemOrFailure().transformToUni((leader, failure) -> {
                Reply shared = failure == null ? shareable(leader, request) : null;
                if (shared == null) {
                    return serveOwn(request);
                }
                metrics.collapsed();
                metrics.request(shared.result(), System.nanoTime() - start);
                return Uni.createFrom().item(shared);
            });
        });
    }

    private static boolean joinable(ClientRequest request) {
        return !request.authorized() && !request.lowerTier() && request.minVersion() == 0
                && request.header("cache-control") == null && request.header("pragma") == null;
    }

    /** {@link #serveAsync}, waiting for the reply (not on an event loop). */
    public Reply serve(ClientRequest request) {
        return serveAsync(request).await().indefinitely();
    }

    private Uni<Reply> serveOwn(ClientRequest request) {
        long start = System.nanoTime();
        return Uni.createFrom().deferred(() -> decide(request)).onFailure().recoverWithItem(e -> {
            LOG.errorf(e, "Serving %s failed", request.key());
            return Reply.problem(500, "edge-error", "the edge failed: " + e);
        }).invoke(reply -> {
            outageFills.remember(request.key(), reply);
            metrics.request(reply.result(), System.nanoTime() - start);
        });
    }

    private Uni<Reply> decide(ClientRequest request) {
        CacheControl directives = request.directives();
        long start = System.nanoTime();
        // a request that, not found, would take its turn at the region fill lock takes it with the lookup's read
        RegionFill.Waiting turn = directives.onlyIfCached() || request.authorized() || directives.noStore()
                || request.minVersion() > 0 ? null : regionFill.plainTurn(request);
        return lookup.lookupAsync(request, turn == null ? null : key -> regionFill.readOrTake(turn))
                .onItemOrFailure().transformToUni((found, failure) -> {
            if (failure instanceof StoreTimeoutException) {
                // slow, not known down: as a miss it collapses with the region's others (one fetch); a bypass adds one
                return directives.onlyIfCached() ? Uni.createFrom().item(notCached(request))
                        : turn != null ? regionFill.fill(turn) : miss(request, null, directives);
            }
            if (failure instanceof StoreUnavailableException) {
                LOG.debugf("Store unavailable after %d ms, bypassing for %s: %s",
                        (System.nanoTime() - start) / 1_000_000, request.key(), failure.getMessage());
                return fill.bypassAsync(request);
            }
            if (failure != null) {
                return Uni.createFrom().failure(failure);
            }
            if (found.miss() && turn != null) {
                return regionFill.fill(turn);
            }
            return found(request, found, directives);
        });
    }

    /** {@code vcl_hit} / {@code vcl_miss}: what the lookup's result means for this request. */
    private Uni<Reply> found(ClientRequest request, CacheLookup.Found found, CacheControl directives) {
        if (found.miss() || found.validity() == Validity.INVALID
                || found.entry().version() < request.minVersion()) {
            // a lower tier's X-EdgeSync-Min-Version above the stored copy: unusable, like a miss
            return directives.onlyIfCached() ? Uni.createFrom().item(notCached(request))
                    : miss(request, null, directives);
        }
        CacheEntry entry = found.entry();
        if (request.authorized() && !entry.directives().allowsAuthorized()) {
            // RFC 9111 §3.5: this copy was not stored for requests with credentials
            return directives.onlyIfCached() ? Uni.createFrom().item(notCached(request))
                    : fill.fillAsync(request, null, false, null);
        }
        long now = System.currentTimeMillis();
        Reuse reuse = ReusePolicy.decide(found.validity(), entry, directives, now, !request.lowerTier());
        // Staleness lease (issue 10): a replica whose region may have missed invalidations trusts no copy unchecked:
        // revalidate with the origin (a 304 keeps it; STALE only when the origin cannot be reached)
        if (reuse == Reuse.FRESH && !lease.holds(now)) {
            return directives.onlyIfCached() ? Uni.createFrom().item(stale(request, entry))
                    : miss(request, entry, directives);
        }
        return switch (reuse) {
            case FRESH -> Uni.createFrom().item(hit(entry));
            case STALE -> directives.onlyIfCached() ? Uni.createFrom().item(stale(request, entry))
                    : staleServing.allowsAsync(entry, now).flatMap(allowed -> allowed
                            ? Uni.createFrom().item(stale(request, entry))
                            : miss(request, entry, directives)); // stale too long (issue 10): wait for the revalidation
            case VALIDATE -> directives.onlyIfCached() ? Uni.createFrom().item(notCached(request))
                    : miss(request, entry, directives);
        };
    }

    /** {@code vcl_hit}, fresh. */
    private Reply hit(CacheEntry entry) {
        return Reply.of(entry, Result.HIT);
    }

    /** {@code vcl_hit}, stale: serve it and let one background revalidation refresh it. */
    private Reply stale(ClientRequest request, CacheEntry entry) {
        revalidator.trigger(entry, request);
        return Reply.of(entry, Result.STALE);
    }

    private static Reply notCached(ClientRequest request) {
        return Reply.problem(504, "not-cached",
                "only-if-cached: no stored response can answer " + request.key());
    }

    /**
     * {@code vcl_miss}: one fill per key in the region (validating {@code prior} when there is one), through the
     * region fill lock ({@link RegionFill}), which first looks again in case a fill finished between this request's
     * lookup and its turn. This is the one collapsing mechanism below arrival: plain requests of this process already
     * joined their key's first request ({@link #serveAsync}); others (request directives, lower tiers) wait for the
     * lock's holder like another replica's requests do. Requests with credentials or {@code no-store} fill on their
     * own.
     */
    private Uni<Reply> miss(ClientRequest request, CacheEntry prior, CacheControl directives) {
        if (request.authorized() || directives.noStore()) {
            return fill.fillAsync(request, prior, prior != null, null);
        }
        String stored = prior == null ? request.key() : prior.storageKey();
        // a lower tier's minimum version can fail a fill (503 origin-behind): such fills collapse only with
        // requests asking for the same version, so no other request is handed that failure
        String collapseKey = request.minVersion() > 0 ? stored + "#min-version:" + request.minVersion() : stored;
        // the region fill first asks whether a fill finished since this request's lookup (RegionFill)
        return regionFill.fill(request, prior, collapseKey);
    }

    /**
     * The leader's reply as this waiter may receive it: from the stored entry of its own variant, or a problem (the
     * leader asked for the same minimum version as the waiter: see the collapse key in {@link #miss}).
     */
    private static Reply shareable(Reply leader, ClientRequest request) {
        if (leader.entry() == null) {
            return leader.result() == Result.ERROR ? leader : null;
        }
        CacheEntry entry = leader.entry();
        if (!entry.variant().equals(VaryKey.variant(entry.vary(), request::header))
                || entry.version() < request.minVersion()) {
            return null;
        }
        // a lower tier must not take a copy fetched before its request for one fetched for it (ShieldAsk)
        boolean fetched = leader.result() == Result.MISS || leader.result() == Result.REVALIDATED;
        return Reply.of(entry, request.lowerTier() && fetched ? Result.HIT : leader.result());
    }
}
