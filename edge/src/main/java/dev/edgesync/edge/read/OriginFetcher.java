package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.TransferCoding;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.metrics.EdgeMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The backend fetch stage ({@code vcl_backend_fetch}): a request to the origin carrying the client's end-to-end
 * headers ({@link ForwardedHeaders}) and, for revalidation, {@code If-None-Match} / {@code If-Modified-Since}
 * from the stored entry. Never follows redirects: a 301 is a response. Fills go through the Vert.x HTTP client and
 * hold no thread while the origin answers ({@link #fetchAsync}); other methods ({@link ForwardPath}) use the JDK
 * client on a worker thread.
 */
@ApplicationScoped
public class OriginFetcher {
    /** Connections kept per origin for fills: enough that concurrent misses of different keys never queue. */
    private static final int FILL_CONNECTIONS = 256;

    private final HttpClient client;
    private final io.vertx.mutiny.core.http.HttpClient fills;
    private final String baseUrl;
    /** Where fills go: the shield when one is configured, else the origin. */
    private final String fillUrl;
    private final Duration timeout;
    private final EdgeMetrics metrics;
    /** {@code edgesync.tier.secret}, sent to the shield so that it honours this tier's fields; null when unset. */
    private final String tierSecret;

    private final EarlyHintsRelay hints;

    public OriginFetcher(RegionConfig config, EdgeMetrics metrics, Vertx vertx, EarlyHintsRelay hints) {
        this.hints = hints;
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
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "edge-origin-client");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.origin().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
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
        String url = (fillUrl != null ? fillUrl : baseUrl) + request.key();
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
        return fills.request(options)
                .flatMap(req -> {
                    req.getDelegate().earlyHintsHandler(h -> hints.relay(request, h));
                    return req.send();
                })
                .flatMap(resp -> resp.body().flatMap(body -> {
                    Map<String, List<String>> received = new LinkedHashMap<>();
                    for (Map.Entry<String, String> h : resp.headers()) {
                        received.computeIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT),
                                k -> new java.util.ArrayList<>()).add(h.getValue());
                    }
                    // transfer codings are hop-by-hop: store and forward the content they carry (TransferCoding);
                    // Netty has removed chunked already
                    try {
                        byte[] content = TransferCoding.decode(
                                String.join(", ", resp.headers().getAll("transfer-encoding")), body.getBytes(), true);
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

    /** Any method to the origin (never the shield), headers as given, body when not empty. */
    public OriginResponse send(String method, String key, Map<String, List<String>> headers, byte[] body)
            throws OriginException {
        return send(baseUrl, method, key, headers, body);
    }

    private OriginResponse send(String base, String method, String key, Map<String, List<String>> headers,
            byte[] body) throws OriginException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + key)).timeout(timeout)
                    .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
        } catch (IllegalArgumentException e) {
            throw new OriginException("invalid origin URL for " + key, false, e);
        }
        headers.forEach((name, values) -> {
            for (String value : values) {
                try {
                    request.header(name, value);
                } catch (IllegalArgumentException restricted) {
                    // a header the HTTP client manages itself (or an invalid one): not forwarded
                }
            }
        });
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            // transfer codings are hop-by-hop: store and forward the content they carry (TransferCoding)
            byte[] content = TransferCoding.decode(String.join(", ", response.headers().allValues("transfer-encoding")),
                    response.body());
            return new OriginResponse(response.statusCode(), response.headers().map(), content);
        } catch (TransferCoding.UnknownCodingException e) {
            throw new OriginException("origin response unusable: " + e.getMessage(), false, e);
        } catch (HttpConnectTimeoutException e) {
            throw new OriginException("origin unreachable: connect timed out", false, e);
        } catch (HttpTimeoutException e) {
            throw new OriginException("origin did not answer within " + timeout.toMillis() + " ms", true, e);
        } catch (IOException e) {
            throw new OriginException("origin unavailable: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OriginException("interrupted", false, e);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
