package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.TransferCoding;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.metrics.EdgeMetrics;
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
 * from the stored entry. Never follows redirects: a 301 is a response.
 */
@ApplicationScoped
public class OriginFetcher {
    private final HttpClient client;
    private final String baseUrl;
    /** Where fills go: the shield when one is configured, else the origin. */
    private final String fillUrl;
    private final Duration timeout;
    private final EdgeMetrics metrics;
    /** {@code edgesync.tier.secret}, sent to the shield so that it honours this tier's fields; null when unset. */
    private final String tierSecret;

    public OriginFetcher(RegionConfig config, EdgeMetrics metrics) {
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

    /** {@link #fetch(ClientRequest, CacheEntry, ShieldAsk)} asking the shield for nothing in particular. */
    public OriginResponse fetch(ClientRequest request, CacheEntry validate) throws OriginException {
        return fetch(request, validate, ShieldAsk.NONE);
    }

    /**
     * A GET filling the cache for {@code request}; conditional on {@code validate}'s validators when not null. With
     * a shield it goes there, carrying {@code ask}; the client's own tier fields are never passed on as they are.
     */
    public OriginResponse fetch(ClientRequest request, CacheEntry validate, ShieldAsk ask) throws OriginException {
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
        metrics.originFetch();
        return send(fillUrl != null ? fillUrl : baseUrl, "GET", request.key(), headers, null);
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
