package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.ByteRanges;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.EntryCodec;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.PartialContent;
import dev.edgesync.edge.cache.PartialContent.Part;
import dev.edgesync.edge.cache.PartialContent.Piece;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.config.LiveRegionSettings;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.invalidation.StalenessLease;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A {@code 206} from the origin, stored and reused (RFC 9111 §3.3, §3.4; rules in {@link PartialContent}). One part per
 * key, under its own Redis key ({@code e:<key>#partial}), so that lookups of the complete response never see it; it
 * depends on the key's tokens like the complete entry, so every purge and invalidation of the key reaches it. A later
 * {@code Range} request for bytes inside the part is answered from it ({@code X-Cache: HIT}) while it is fresh; a
 * later {@code 206} with the same strong {@code ETag} that overlaps or touches it is combined with it, and once the
 * parts cover the whole representation the fill stores it as the complete {@code 200}.
 */
@ApplicationScoped
public class PartialStore {
    private static final Logger LOG = Logger.getLogger(PartialStore.class);
    private static final String SUFFIX = "#partial";

    private final CacheStore store;
    private final Redis redis;
    private final LiveRegionSettings settings;
    private final StalenessLease lease;
    private final EdgeMetrics metrics;
    private final Duration timeout;

    public PartialStore(CacheStore store, Redis redis, LiveRegionSettings settings, StalenessLease lease,
            EdgeMetrics metrics, RegionConfig config) {
        this.store = store;
        this.redis = redis;
        this.settings = settings;
        this.lease = lease;
        this.metrics = metrics;
        this.timeout = config.store().timeout();
    }

    /** What a fill did with a {@code 206}: stored it as a part, and the complete response when the parts cover it. */
    public record Received(boolean stored, OriginResponse complete) {
        static final Received NOT_STORED = new Received(false, null);
    }

    /**
     * The stored part's answer to {@code request}'s {@code Range} when it holds every byte asked for and may be
     * reused unvalidated; otherwise {@code otherwise}. Requests with {@code If-Range}, credentials, request
     * directives or several ranges always take {@code otherwise}.
     */
    public Uni<Reply> serveOr(ClientRequest request, Function<ClientRequest, Uni<Reply>> otherwise) {
        String range = request.header("range");
        if (range == null || request.head() || request.header("if-range") != null || request.authorized()
                || request.lowerTier() || request.header("cache-control") != null || request.header("pragma") != null) {
            return otherwise.apply(request);
        }
        long start = System.nanoTime();
        return read(request.key()).flatMap(entry -> {
            Part part = entry == null ? null : part(entry);
            ByteRanges.Span span = part == null ? null : PartialContent.answerable(part, range);
            if (span == null) {
                return otherwise.apply(request);
            }
            return store.stateAsync(entry.key(), entry.tokens()).onFailure().recoverWithNull().flatMap(state -> {
                long now = System.currentTimeMillis();
                if (state == null || !lease.holds(now) || ReusePolicy.decide(EntryValidity.judge(entry, state, now),
                        entry, request.directives(), now) != ReusePolicy.Reuse.FRESH) {
                    return otherwise.apply(request);
                }
                Map<String, List<String>> headers = new LinkedHashMap<>(Reply.of(entry, Result.HIT).headers());
                headers.put("content-range", List.of(span.contentRange(part.length())));
                Reply reply = new Reply(206, headers, PartialContent.slice(new Piece(part, entry.body()), span),
                        Result.HIT, entry);
                metrics.request(Result.HIT, System.nanoTime() - start);
                return Uni.createFrom().item(reply);
            });
        });
    }

    /**
     * A fill received a {@code 206}: store it as the key's part (combined with the stored one when they combine), or,
     * when the parts now cover the whole representation, hand back that complete response as a {@code 200} for the
     * fill to store as usual. {@code fillStart} is the region sequence before the fetch: a part that raced an
     * invalidation is not stored ({@link EntryValidity#judgeFill}).
     */
    public Uni<Received> received(ClientRequest request, OriginResponse response, long fillStart, long requestTime) {
        Part part = PartialContent.of(response.header("content-range"), response.header("content-type"),
                response.body().length);
        if (part == null || response.header("vary") != null) {
            return Uni.createFrom().item(Received.NOT_STORED);
        }
        String key = request.key();
        long now = System.currentTimeMillis();
        // storable and fresh by the rules of the complete response (RFC 9110 §15.3.7: 206 is heuristically cacheable)
        Optional<CacheEntry> candidate = EntryFactory.fromOrigin(key, 200, response.joined(), response.body(),
                settings.get().maxTtl(), requestTime, now, request::header);
        if (candidate.isEmpty()) {
            return Uni.createFrom().item(Received.NOT_STORED);
        }
        CacheEntry fetched = candidate.get();
        return read(key).flatMap(prior -> {
            Piece piece = new Piece(part, response.body());
            Part priorPart = prior == null ? null : part(prior);
            if (priorPart != null) {
                Piece combined = PartialContent.combine(new Piece(priorPart, prior.body()), prior.etag(), piece,
                        response.header("etag"));
                if (combined != null) {
                    piece = combined;
                }
            }
            if (piece.part().complete()) {
                Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
                headers.remove("content-range");
                headers.remove("content-length");
                return delete(key).replaceWith(new Received(true, new OriginResponse(200, headers, piece.body())));
            }
            Map<String, String> headers = new LinkedHashMap<>(fetched.headers());
            headers.put("content-range", piece.part().contentRange());
            CacheEntry partial = new CacheEntry(key, 206, headers, piece.body(), fetched.version(), fetched.etag(),
                    fetched.lastModified(), fetched.tags(), fetched.storedAt(), fetched.freshUntil(),
                    fetched.staleUntil(), Map.of(), Map.of(), false, fetched.initialAgeMs(), List.of(), "");
            return store.stateAsync(key, partial.tokens()).flatMap(state -> {
                if (EntryValidity.judgeFill(partial.version(), partial.tokens(), state, fillStart)
                        != EntryValidity.FillVerdict.FRESH) {
                    return Uni.createFrom().item(Received.NOT_STORED);
                }
                CacheEntry stored = EntryFactory.withSnapshot(partial, state, false);
                long ttl = Math.max(1, stored.freshUntil() - System.currentTimeMillis());
                return send(Request.cmd(Command.SET).arg(RedisKeys.entry(key + SUFFIX)).arg(EntryCodec.encode(stored))
                        .arg("PX").arg(ttl)).map(ok -> new Received(true, null));
            });
        }).onFailure().recoverWithItem(e -> {
            LOG.debugf("Part of %s not stored: %s", key, e.getMessage());
            return Received.NOT_STORED;
        });
    }

    private static Part part(CacheEntry entry) {
        return entry.status() != 206 ? null : PartialContent.of(entry.headers().get("content-range"),
                entry.headers().get("content-type"), entry.body().length);
    }

    /** The key's stored part, null when none or when Redis does not answer (then the origin is asked). */
    private Uni<CacheEntry> read(String key) {
        return send(Request.cmd(Command.GET).arg(RedisKeys.entry(key + SUFFIX)))
                .map(raw -> raw == null ? null : EntryCodec.decode(raw.toBytes()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> delete(String key) {
        return send(Request.cmd(Command.DEL).arg(RedisKeys.entry(key + SUFFIX))).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<io.vertx.mutiny.redis.client.Response> send(Request request) {
        return redis.send(request).ifNoItem().after(timeout).fail();
    }
}
