package dev.edgesync.edge.read;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The backend fetch stage ({@code vcl_backend_fetch}): a GET to the origin carrying only safe request headers
 * ({@code Accept}) and, for revalidation, {@code If-None-Match}. Never follows redirects: a 301 is a response.
 */
@ApplicationScoped
public class OriginFetcher {
    private final HttpClient client;
    private final String baseUrl;
    private final Duration timeout;
    private final EdgeMetrics metrics;

    public OriginFetcher(RegionConfig config, EdgeMetrics metrics) {
        this.baseUrl = stripTrailingSlash(config.origin().url());
        this.timeout = config.origin().timeout();
        this.metrics = metrics;
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

    public OriginResponse fetch(String key, String accept, String ifNoneMatch) throws OriginException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(baseUrl + key)).timeout(timeout).GET();
        } catch (IllegalArgumentException e) {
            throw new OriginException("invalid origin URL for " + key, false, e);
        }
        if (accept != null && !accept.isBlank()) {
            request.header("Accept", accept);
        }
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            request.header("If-None-Match", ifNoneMatch);
        }
        metrics.originFetch();
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new OriginResponse(response.statusCode(), response.headers().map(), response.body());
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
