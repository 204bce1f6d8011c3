package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.TransferCoding;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.warming.WarmupOrigin;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backend fetch stage ({@code vcl_backend_fetch}): a request to the origin carrying the client's end-to-end
 * headers ({@link ForwardedHeaders}) and, for revalidation, {@code If-None-Match} / {@code If-Modified-Since}
 * from the stored entry. Never follows redirects: a 301 is a response. Fills go through the Vert.x HTTP client and
 * hold no thread while the origin answers ({@link #fetchAsync}); other methods ({@link ForwardPath}) use the same
 * client ({@link #forwardAsync}), so a {@code 103} reaches their client too.
 */
@ApplicationScoped
public class OriginFetcher {
    /** Connections kept per origin for fills: enough that concurrent misses of different keys never queue. */
    private static final int FILL_CONNECTIONS = 256;

    private final io.vertx.mutiny.core.http.HttpClient fills;
    private final String baseUrl;
    /** Where fills go: the shield when one is configured, else the origin. */
    private final String fillUrl;
    private final Duration timeout;
    private final EdgeMetrics metrics;
    /** {@code edgesync.tier.secret}, sent to the shield so that it honours this tier's fields; null when unset. */
    private final String tierSecret;

    private final EarlyHintsRelay hints;
    /** The JIT warm-up's loopback origin: its keys' fills go there while it runs, never to the real origin. */
    private final WarmupOrigin warmupOrigin;

    public OriginFetcher(EdgeConfig config, EdgeMetrics metrics, Vertx vertx, EarlyHintsRelay hints,
            WarmupOrigin warmupOrigin) {
        this.hints = hints;
        this.warmupOrigin = warmupOrigin;
        // interim responses: 103 relayed to the client (EarlyHintsRelay), other unknown 1xx dropped (UnknownInterimFilter)
        this.fills = io.vertx.mutiny.core.http.HttpClient.newInstance(vertx.getDelegate().httpClientBuilder()
                .with(new HttpClientOptions().setMaxPoolSize(FILL_CONNECTIONS)
                .setKeepAlive(true).setConnectTimeout((int) config.origin().connectTimeout().toMillis())
                .setMaxWaitQueueSize(-1)).withConnectHandler(UnknownInterimFilter::install).build());
        this.baseUrl = stripTrailingSlash(config.origin().url());
        this.fillUrl = config.shield().url().filter(u -> !u.isBlank()).map(OriginFetcher::stripTrailingSlash)
                .orElse(null);
        this.timeout = config.origin().timeout();
        this.metrics = metrics;
        this.tierSecret = config.tier().secret().filter(s -> !s.isBlank()).orElse(null);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A shield is configured: fills go to it ({@link ShieldAsk}). */
    public boolean shielded() {
        return fillUrl != null;
    }

    @PreDestroy
    void close() {
        fills.closeAndForget();
    }

    /**
     * A GET filling the cache for {@code request}, without blocking; conditional on {@code validate}'s validators
     * when not null. With a shield it goes there, carrying {@code ask}; the client's own tier fields are never passed
     * on as they are. Fails with {@link OriginException} (timeout: no complete answer within
     * {@code edgesync.origin.timeout}).
     */
    public Uni<OriginResponse> fetchAsync(ClientRequest request, CacheEntry validate, ShieldAsk ask) {
        Map<String, List<String>> headers = fillHeaders(request, validate, ask);
        metrics.originFetch();
        String warmup = warmupOrigin.baseFor(request.key());
        String url = (warmup != null ? warmup : fillUrl != null ? fillUrl : baseUrl) + request.key();
        RequestOptions options;
        try {
            // the idle timeout closes a request the timeout below gave up on, so its connection is not left waiting
            options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setFollowRedirects(false)
                    .setIdleTimeout(timeout.toMillis());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new OriginException("invalid origin URL for " + request.key(), false, e));
        }
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        headers.forEach((name, values) -> {
            if (!"connection".equalsIgnoreCase(name)) {
                out.add(name, values);
            }
        });
        options.setHeaders(out);
        return exchange(options, request, null);
    }

    /**
     * {@code request} with its method and body, sent to the origin (never the shield) with {@code headers} as given,
     * through the same client as fills: a {@code 103} goes to the client on the way ({@link EarlyHintsRelay}). Fails
     * like {@link #fetchAsync}.
     */
    public Uni<OriginResponse> forwardAsync(ClientRequest request, Map<String, List<String>> headers) {
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(HttpMethod.valueOf(request.method()))
                    .setAbsoluteURI(baseUrl + request.key()).setFollowRedirects(false)
                    .setIdleTimeout(timeout.toMillis());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new OriginException("invalid origin URL for " + request.key(), false, e));
        }
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        headers.forEach((name, values) -> {
            // framing and connection fields are the client library's (ForwardedHeaders drops them already)
            if (!"connection".equalsIgnoreCase(name) && !"content-length".equalsIgnoreCase(name)
                    && !"host".equalsIgnoreCase(name) && !"expect".equalsIgnoreCase(name)) {
                out.add(name, values);
            }
        });
        options.setHeaders(out);
        byte[] body = request.body();
        return exchange(options, request, body == null || body.length == 0 ? null : Buffer.buffer(body));
    }

    /** One request on the origin client; {@code body} null sends none. */
    private Uni<OriginResponse> exchange(RequestOptions options, ClientRequest request, Buffer body) {
        return fills.request(options)
                .flatMap(req -> {
                    req.getDelegate().earlyHintsHandler(h -> hints.relay(request, h));
                    return body == null ? req.send() : req.send(body);
                })
                .flatMap(resp -> resp.body().flatMap(payload -> {
                    Map<String, List<String>> received = new LinkedHashMap<>();
                    for (Map.Entry<String, String> h : resp.headers()) {
                        received.computeIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT),
                                k -> new java.util.ArrayList<>()).add(h.getValue());
                    }
                    // transfer codings are hop-by-hop: store and forward the content they carry (TransferCoding);
                    // Netty has removed chunked already
                    try {
                        byte[] content = TransferCoding.decode(
                                String.join(", ", resp.headers().getAll("transfer-encoding")), payload.getBytes(), true);
                        return Uni.createFrom().item(new OriginResponse(resp.statusCode(), received, content));
                    } catch (TransferCoding.UnknownCodingException e) {
                        return Uni.createFrom().<OriginResponse>failure(
                                new OriginException("origin response unusable: " + e.getMessage(), false, e));
                    }
                }))
                .ifNoItem().after(timeout).failWith(() -> new OriginException(
                        "origin did not answer within " + timeout.toMillis() + " ms", true, null))
                .onFailure(e -> !(e instanceof OriginException))
                .transform(e -> e instanceof io.netty.channel.ConnectTimeoutException
                        || e instanceof java.net.ConnectException
                        ? new OriginException("origin unreachable: " + e.getMessage(), false, e)
                        : new OriginException("origin unavailable: " + e, false, e));
    }

    /** {@link #fetchAsync}, waiting for the answer (not on an event loop). */
    public OriginResponse fetch(ClientRequest request, CacheEntry validate, ShieldAsk ask) throws OriginException {
        try {
            return fetchAsync(request, validate, ask).await().indefinitely();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof OriginException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Map<String, List<String>> fillHeaders(ClientRequest request, CacheEntry validate, ShieldAsk ask) {
        Map<String, List<String>> headers = new LinkedHashMap<>(ForwardedHeaders.toOrigin(request.headers(), true));
        if (fillUrl != null) {
            ShieldAsk effective = ask.minVersion() >= request.minVersion() ? ask
                    : new ShieldAsk(request.minVersion(), ask.maxAgeSeconds());
            effective.apply(headers, request.directives(), request.header("cache-control"), request.header("pragma"));
            if (tierSecret != null) {
                headers.put(ShieldAsk.TIER_AUTH, List.of(tierSecret));
            }
        }
        if (validate != null) {
            if (validate.hasEtag()) {
                headers.put("if-none-match", List.of(validate.etag()));
            }
            if (validate.lastModified() != null && !validate.lastModified().isEmpty()) {
                headers.put("if-modified-since", List.of(validate.lastModified()));
            }
        }
        return headers;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
