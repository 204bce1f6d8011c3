package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.ByteRanges;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.EntryStore;
import dev.edgesync.edge.cache.EntryCodec;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.PartialContent;
import dev.edgesync.edge.cache.PartialContent.Part;
import dev.edgesync.edge.cache.PartialContent.Parts;
import dev.edgesync.edge.cache.PartialContent.Piece;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.cache.VaryKey;
import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.invalidation.StalenessLease;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A {@code 206} from the origin, stored and reused (RFC 9111 §3.3, §3.4; rules in {@link PartialContent}). The parts of
 * one representation are kept together, at most {@link PartialContent#MAX_PARTS} of them, under their own Redis key
 * ({@code e:<key>#partial}), so that lookups of the complete response never see them; they depend on the key's tokens
 * like the complete entry, so every purge and invalidation of the key reaches them. A part of a response with
 * {@code Vary} is kept per variant as complete responses are ({@code e:<key>#partial} holds the latest variant and
 * tells the {@code Vary} field names, {@code e:<key>#partial#vary:<h>} each variant; {@code Vary: *} is not stored).
 * A later {@code Range} request for bytes inside one part is answered from it ({@code X-Cache: HIT}) while it is fresh,
 * also with an {@code If-Range} that matches the part's validator (RFC 9110 §13.1.5); a later {@code 206} with the same
 * strong {@code ETag} joins the parts, and once they cover the whole representation the fill stores it as the complete
 * {@code 200}. A {@code 206} of the origin's that does not match the client's {@code If-Range} is never passed on.
 */
@ApplicationScoped
public class PartialStore {
    private static final Logger LOG = Logger.getLogger(PartialStore.class);
    private static final String SUFFIX = "#partial";
    private final EntryStore store;
    private final Redis redis;
    private final SettingsInForce settings;
    private final StalenessLease lease;
    private final EdgeMetrics metrics;
    private final Duration timeout;

    private final InstantSource clock;

    public PartialStore(EntryStore store, Redis redis, SettingsInForce settings, StalenessLease lease,
            EdgeMetrics metrics, EdgeConfig config, InstantSource clock) {
        this.clock = clock;
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

    /** The key's primary part entry, and whether the key has a complete stored response. */
    private record Primary(CacheEntry entry, boolean completeStored) {
    }

    /** The stored parts a request may use: those of its variant, and whether that entry is also the primary one. */
    private record Found(CacheEntry entry, Parts parts, boolean primary) {
        static final Found NONE = new Found(null, null, false);
    }

    /**
     * The stored parts' answer to {@code request}'s {@code Range} when one part holds every byte asked for, its
     * validator matches the request's {@code If-Range} (when it has one) and it may be reused unvalidated; otherwise
     * {@code otherwise}. Requests with credentials, request directives or several ranges always take {@code otherwise}.
     */
    public Uni<Reply> serveOr(ClientRequest request, Function<ClientRequest, Uni<Reply>> otherwise) {
        String range = request.header("range");
        if (range == null || request.head() || request.authorized() || request.lowerTier()
                || request.header("cache-control") != null || request.header("pragma") != null) {
            return otherwise.apply(request);
        }
        String ifRange = request.header("if-range");
        long start = System.nanoTime();
        return find(request, true).flatMap(found -> {
            CacheEntry entry = found.entry();
            PartialContent.Answer answer = found.parts() == null ? null : found.parts().answer(range);
            if (answer == null || (ifRange != null && !ByteRanges.ifRangeMatches(ifRange, entry.etag(),
                    entry.lastModified(), entry.headers().get("date")))) {
                return checked(request, otherwise.apply(request), found);
            }
            return store.stateAsync(entry.key(), entry.tokens()).onFailure().recoverWithNull().flatMap(state -> {
                long now = clock.millis();
                if (state == null || !lease.holds(now) || ReusePolicy.decide(EntryValidity.judge(entry, state, now),
                        entry, request.directives(), now) != ReusePolicy.Reuse.SERVE_FRESH) {
                    return checked(request, otherwise.apply(request), found);
                }
                Map<String, List<String>> headers = new LinkedHashMap<>(Reply.of(entry, Result.HIT).headers());
                headers.put("content-range", List.of(answer.span().contentRange(found.parts().length())));
                Reply reply = new Reply(206, headers, answer.bytes(), Result.HIT, entry);
                metrics.request(Result.HIT, System.nanoTime() - start);
                return Uni.createFrom().item(reply);
            });
        });
    }

    /**
     * The reply of the rest of the read path to a {@code Range} request. A {@code 206} the origin sent to the fill
     * (which asks without {@code Range}/{@code If-Range}) that does not match the client's {@code If-Range} would be a
     * part of another representation than the client's: answered 502 instead. A complete response a fill stored
     * replaces the parts the request found.
     */
    private Uni<Reply> checked(ClientRequest request, Uni<Reply> reply, Found found) {
        String ifRange = request.header("if-range");
        return reply.flatMap(r -> {
            if (r.status() == 206 && r.result() != Result.HIT && ifRange != null
                    && !ByteRanges.ifRangeMatches(ifRange, r.header("etag"), r.header("last-modified"), r.header("date"))) {
                LOG.warnf("Origin answered %s with a 206 (ETag %s) that does not match If-Range %s: 502", request.key(),
                        r.header("etag"), ifRange);
                return Uni.createFrom().item(Reply.problem(502, "partial-mismatch", "the origin answered " + request.key()
                        + " with a part of a representation the request's If-Range does not name, and not the whole"));
            }
            boolean filled = r.status() == 200 && r.entry() != null
                    && (r.result() == Result.MISS || r.result() == Result.REVALIDATED);
            if (filled && found.entry() != null && r.entry().variant().equals(found.entry().variant())) {
                return delete(partKey(request.key(), found.entry(), found.primary())).replaceWith(r);
            }
            return Uni.createFrom().item(r);
        });
    }

    /**
     * A fill received a {@code 206}: store it with the parts of its representation stored for the request's variant,
     * or, when the parts now cover the whole representation, hand back that complete response as a {@code 200} for the
     * fill to store as usual. {@code fillStart} is the region sequence before the fetch: a part that raced an
     * invalidation is not stored ({@link EntryValidity#judgeFill}).
     */
    public Uni<Received> received(ClientRequest request, OriginResponse response, long fillStart, long requestTime) {
        Part part = PartialContent.of(response.header("content-range"), response.header("content-type"),
                response.body().length);
        if (part == null) {
            return Uni.createFrom().item(Received.NOT_STORED);
        }
        String key = request.key();
        long now = clock.millis();
        // storable and fresh by the rules of the complete response (RFC 9110 §15.3.7: 206 is heuristically cacheable)
        Optional<CacheEntry> candidate = EntryFactory.fromOrigin(key, 200, response.joined(), response.body(),
                settings.get().maxTtl(), requestTime, now, request::header);
        if (candidate.isEmpty() || candidate.get().vary().contains("*")) {
            return Uni.createFrom().item(Received.NOT_STORED);
        }
        CacheEntry fetched = candidate.get();
        return find(request, false).flatMap(prior -> {
            Parts parts = PartialContent.add(prior.parts(), prior.entry() == null ? null : prior.entry().etag(),
                    new Piece(part, response.body()), response.header("etag"));
            Piece complete = parts.complete();
            if (complete != null) {
                Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
                headers.remove("content-range");
                headers.remove("content-length");
                Uni<Void> forget = prior.entry() == null ? Uni.createFrom().voidItem()
                        : delete(partKey(key, prior.entry(), prior.primary()));
                return forget.replaceWith(new Received(true, new OriginResponse(200, headers, complete.body())));
            }
            Map<String, String> headers = new LinkedHashMap<>(fetched.headers());
            headers.put("content-range", parts.contentRange());
            CacheEntry partial = new CacheEntry(key, 206, headers, parts.body(), fetched.version(), fetched.etag(),
                    fetched.lastModified(), fetched.tags(), fetched.storedAt(), fetched.freshUntil(),
                    fetched.staleUntil(), Map.of(), Map.of(), false, fetched.initialAgeMs(), fetched.vary(),
                    fetched.variant());
            return store.stateAsync(key, partial.tokens()).flatMap(state -> {
                if (EntryValidity.judgeFill(partial.version(), partial.tokens(), state, fillStart)
                        != EntryValidity.FillVerdict.STORE_FRESH) {
                    return Uni.createFrom().item(Received.NOT_STORED);
                }
                CacheEntry stored = EntryFactory.withSnapshot(partial, state, false);
                long ttl = Math.max(1, stored.freshUntil() - clock.millis());
                byte[] encoded = EntryCodec.encode(stored);
                List<Request> sets = new ArrayList<>();
                sets.add(Request.cmd(Command.SET).arg(RedisKeys.entry(key + SUFFIX)).arg(encoded).arg("PX").arg(ttl));
                if (!stored.vary().isEmpty()) {
                    // the primary tells later requests the Vary names; the variant's own copy outlives a newer variant
                    sets.add(Request.cmd(Command.SET).arg(RedisKeys.entry(variantKey(key, stored.variant())))
                            .arg(encoded).arg("PX").arg(ttl));
                }
                return redis.batch(sets).ifNoItem().after(timeout).fail().map(ok -> new Received(true, null));
            });
        }).onFailure().recoverWithItem(e -> {
            LOG.debugf("Part of %s not stored: %s", key, e.getMessage());
            return Received.NOT_STORED;
        });
    }

    private static String variantKey(String key, String variant) {
        return CacheKey.variantKey(key + SUFFIX, variant);
    }

    /** The Redis key of the parts found: the variant's own copy, or the primary one too when it holds them. */
    private static List<String> partKey(String key, CacheEntry entry, boolean primary) {
        List<String> keys = new ArrayList<>();
        if (primary) {
            keys.add(RedisKeys.entry(key + SUFFIX));
        }
        if (!entry.vary().isEmpty()) {
            keys.add(RedisKeys.entry(variantKey(key, entry.variant())));
        }
        return keys;
    }

    private static Parts parts(CacheEntry entry) {
        return entry.status() != 206 ? null : Parts.decode(entry.headers().get("content-range"), entry.body());
    }

    /**
     * The parts stored for the request's variant (RFC 9111 §4.1): the primary entry when it does not vary or is of the
     * request's variant, else the variant's own entry; none when Redis does not answer (then the origin is asked).
     * With {@code unlessComplete}, parts found are not offered ({@code parts} null) while the key has a complete
     * stored response, which is newer than them (a fill stores it after them) and answers ranges itself (RFC 9111 §4:
     * the most recent response); looked up in the same round trip.
     */
    private Uni<Found> find(ClientRequest request, boolean unlessComplete) {
        String key = request.key();
        Uni<Primary> first = unlessComplete
                ? redis.batch(List.of(Request.cmd(Command.GET).arg(RedisKeys.entry(key + SUFFIX)),
                        Request.cmd(Command.EXISTS).arg(RedisKeys.entry(key)))).ifNoItem().after(timeout).fail()
                        .map(r -> new Primary(decoded(r.get(0)), r.get(1) != null && r.get(1).toLong() > 0))
                        .onFailure().recoverWithItem(new Primary(null, false))
                : read(RedisKeys.entry(key + SUFFIX)).map(e -> new Primary(e, false));
        return first.flatMap(found -> {
            CacheEntry primary = found.entry();
            if (primary == null) {
                return Uni.createFrom().item(Found.NONE);
            }
            if (found.completeStored()) { // its parts are deleted when a fill replaces the complete copy (checked)
                return Uni.createFrom().item(new Found(primary, null, true));
            }
            if (primary.vary().isEmpty()) {
                return Uni.createFrom().item(new Found(primary, parts(primary), true));
            }
            if (primary.vary().contains("*")) {
                return Uni.createFrom().item(Found.NONE);
            }
            String variant = VaryKey.variant(primary.vary(), request::header);
            if (variant.equals(primary.variant())) {
                return Uni.createFrom().item(new Found(primary, parts(primary), true));
            }
            return read(RedisKeys.entry(variantKey(key, variant))).map(own -> own == null
                    || !variant.equals(own.variant()) ? Found.NONE : new Found(own, parts(own), false));
        });
    }

    private static CacheEntry decoded(io.vertx.mutiny.redis.client.Response raw) {
        byte[] bytes = raw == null ? null : raw.toBytes();
        return bytes == null ? null : EntryCodec.decode(bytes);
    }

    private Uni<CacheEntry> read(String redisKey) {
        return send(Request.cmd(Command.GET).arg(redisKey))
                .map(PartialStore::decoded)
                .onFailure().recoverWithNull();
    }

    private Uni<Void> delete(List<String> redisKeys) {
        if (redisKeys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Request del = Request.cmd(Command.DEL);
        redisKeys.forEach(del::arg);
        return send(del).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<io.vertx.mutiny.redis.client.Response> send(Request request) {
        return redis.send(request).ifNoItem().after(timeout).fail();
    }
}
