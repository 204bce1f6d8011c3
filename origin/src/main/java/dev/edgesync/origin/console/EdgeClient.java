package dev.edgesync.origin.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The console's HTTP calls to the regions' edges; every call is bounded in time. */
public final class EdgeClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** What a reader got: status, {@code X-Content-Version} (0 if none) and {@code X-Cache}. */
    public record Read(int status, long version, String cache) {
    }

    CompletableFuture<String> summary(URI edge) {
        HttpRequest request = HttpRequest.newBuilder(edge.resolve("/metrics/summary")).timeout(TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            return response.body();
        });
    }

    public CompletableFuture<Read> read(URI edge, String path) {
        return read(edge, path, TIMEOUT);
    }

    /** A read given up after {@code timeout}. */
    public CompletableFuture<Read> read(URI edge, String path, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(edge.resolve(path)).timeout(timeout)
                .header("User-Agent", "edgesync-console").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> new Read(
                response.statusCode(),
                response.headers().firstValue("X-Content-Version").map(EdgeClient::version).orElse(0L),
                response.headers().firstValue("X-Cache").orElse("")));
    }

    /** Forwards a strategy/delay change with the caller's own {@code Authorization}; returns the edge's answer. */
    HttpResponse<String> putRegion(URI edge, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(edge.resolve("/admin/region")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long version(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
