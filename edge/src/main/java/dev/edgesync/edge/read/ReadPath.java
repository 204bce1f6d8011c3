package dev.edgesync.edge.read;

import dev.edgesync.edge.bound.OutageFills;
import dev.edgesync.edge.bound.StaleServing;
import dev.edgesync.edge.cache.CacheControl;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.StoreTimeoutException;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.cache.VaryKey;
import dev.edgesync.edge.invalidation.StalenessLease;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
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
    @jakarta.inject.Inject
    EarlyHintsRelay hints;

    private final InstantSource clock;

    public ReadPath(CacheLookup lookup, RegionFill regionFill, CacheFill fill,
            BackgroundRevalidator revalidator, EdgeMetrics metrics, StalenessLease lease,
            OutageFills outageFills, StaleServing staleServing, InstantSource clock) {
        this.clock = clock;
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
            hints.follow(request); // the leader's fill's 103s reach this client too
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
        return Uni.createFrom().deferred(() -> run(new Task(request, turnFor(request)), Step.LOOKUP))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "Serving %s failed", request.key());
                    return Reply.problem(500, "edge-error", "the edge failed: " + e);
                }).invoke(reply -> {
                    outageFills.remember(request.key(), reply);
                    metrics.request(reply.result(), System.nanoTime() - start);
                });
    }

    /**
     * The steps of one request, as Varnish's {@code cache_req_fsm.c}: each step is a function that returns the next;
     * the one before {@link #DELIVER} leaves the reply in the {@link Task}. Receive is {@link ClientRequest#receive}
     * (before this), deliver is {@link Delivery} (after it, in {@link ReadRoute}); fetch and store run inside
     * {@link #MISS}, {@link #REVALIDATE}, {@link #PASS} and {@link #BYPASS} ({@link RegionFill}, {@link CacheFill}).
     * A step is what the request does next (the policies' {@code Validity} and {@code Reuse} only judge the copy; the
     * {@code EdgeMetrics.Result} it ends with is what the client is told).
     */
    enum Step {
        /** L1, else Redis ({@link CacheLookup}); where to go next is {@link LookupVerdict}'s */
        LOOKUP,
        /** fresh: deliver the copy */
        HIT,
        /** stale and allowed (or {@code only-if-cached}): deliver the copy, one background revalidation */
        STALE,
        /** stale: deliver it if the stale-serving limit allows ({@code bound/StaleServing}), else {@link #REVALIDATE} */
        STALE_IF_ALLOWED,
        /** no usable copy: fill it, collapsed in the region */
        MISS,
        /** a copy that must be validated with the origin first (a conditional fill, collapsed) */
        REVALIDATE,
        /** a copy not stored for requests with credentials: fetch for this request alone */
        PASS,
        /** {@code only-if-cached} and nothing that may answer: 504 */
        NOT_CACHED,
        /** Redis unavailable: the origin's answer, not stored */
        BYPASS,
        DELIVER
    }

    /** One request on its way through the {@link Step}s: what the earlier steps found. */
    private static final class Task {
        final ClientRequest request;
        /** The region fill turn its lookup takes along when nothing is stored ({@link RegionFill#readOrTake}). */
        final RegionFill.Waiting turn;
        /** The copy the lookup found (null on a miss). */
        CacheEntry entry;
        Reply reply;

        Task(ClientRequest request, RegionFill.Waiting turn) {
            this.request = request;
            this.turn = turn;
        }
    }

    /** A request that, found nowhere, would take its turn at the region fill lock: its lookup takes it along. */
    private RegionFill.Waiting turnFor(ClientRequest request) {
        CacheControl directives = request.directives();
        return directives.onlyIfCached() || request.authorized() || directives.noStore() || request.minVersion() > 0
                ? null : regionFill.plainTurn(request);
    }

    private Uni<Reply> run(Task t, Step step) {
        if (step == Step.DELIVER) {
            return Uni.createFrom().item(t.reply);
        }
        return step(t, step).flatMap(next -> run(t, next));
    }

    private Uni<Step> step(Task t, Step step) {
        return switch (step) {
            case LOOKUP -> lookup(t);
            case HIT -> deliver(t, Reply.of(t.entry, Result.HIT));
            case STALE -> {
                revalidator.trigger(t.entry, t.request); // serve it and let one background revalidation refresh it
                yield deliver(t, Reply.of(t.entry, Result.STALE));
            }
            // stale too long (issue 10): wait for the revalidation
            case STALE_IF_ALLOWED -> staleServing.allowsAsync(t.entry, clock.millis())
                    .map(allowed -> allowed ? Step.STALE : Step.REVALIDATE);
            case MISS -> fetched(t, miss(t.request, null, t.turn));
            case REVALIDATE -> fetched(t, miss(t.request, t.entry, null));
            case PASS -> fetched(t, fill.fillAsync(t.request, null, false, null));
            case NOT_CACHED -> deliver(t, notCached(t.request));
            case BYPASS -> fetched(t, fill.bypassAsync(t.request));
            case DELIVER -> throw new IllegalStateException("delivered already");
        };
    }

    private static Uni<Step> deliver(Task t, Reply reply) {
        t.reply = reply;
        return Uni.createFrom().item(Step.DELIVER);
    }

    private static Uni<Step> fetched(Task t, Uni<Reply> fetch) {
        return fetch.map(reply -> {
            t.reply = reply;
            return Step.DELIVER;
        });
    }

    /** {@code vcl_lookup}, then {@link LookupVerdict} ({@code vcl_hit} / {@code vcl_miss}) picks the next step. */
    private Uni<Step> lookup(Task t) {
        ClientRequest request = t.request;
        long start = System.nanoTime();
        return lookup.lookupAsync(request, t.turn == null ? null : key -> regionFill.readOrTake(t.turn))
                .onItemOrFailure().transform((found, failure) -> {
                    if (failure instanceof StoreTimeoutException) {
                        // slow, not known down: as a miss it collapses with the region's others (one fetch); a
                        // bypass adds one
                        return request.directives().onlyIfCached() ? Step.NOT_CACHED : Step.MISS;
                    }
                    if (failure instanceof StoreUnavailableException) {
                        LOG.debugf("Store unavailable after %d ms, bypassing for %s: %s",
                                (System.nanoTime() - start) / 1_000_000, request.key(), failure.getMessage());
                        return Step.BYPASS;
                    }
                    if (failure != null) {
                        throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
                    }
                    t.entry = found.entry();
                    long now = clock.millis();
                    return LookupVerdict.decide(found.entry(), found.validity(), request, now, lease.holds(now));
                });
    }

    private static Reply notCached(ClientRequest request) {
        return Reply.problem(504, "not-cached",
                "only-if-cached: no stored response can answer " + request.key());
    }

    /**
     * {@code vcl_miss}: one fill per key in the region (validating {@code prior} when there is one), through the
     * region fill lock ({@link RegionFill}), which first looks again in case a fill finished between this request's
     * lookup and its turn (a plain miss's lookup took its turn along: {@code turn}). This is the one collapsing
     * mechanism below arrival: plain requests of this process already joined their key's first request
     * ({@link #serveAsync}); others (request directives, lower tiers) wait for the lock's holder like another
     * replica's requests do. Requests with credentials or {@code no-store} fill on their own.
     */
    private Uni<Reply> miss(ClientRequest request, CacheEntry prior, RegionFill.Waiting turn) {
        if (request.authorized() || request.directives().noStore()) {
            return fill.fillAsync(request, prior, prior != null, null);
        }
        if (prior == null && turn != null) {
            return regionFill.fill(turn);
        }
        String stored = prior == null ? request.key() : prior.storageKey();
        // a lower tier's minimum version can fail a fill (503 origin-behind): such fills collapse only with
        // requests asking for the same version, so no other request is handed that failure
        String collapseKey = request.minVersion() > 0 ? stored + "#min-version:" + request.minVersion() : stored;
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
