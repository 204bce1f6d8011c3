package dev.edgesync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small HTTP client for the tests: every call is bounded in time. */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"?([0-9a-zA-Z-]+)\"?");

    private Http() {
    }

    static Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    static Reply post(String url, String json, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    static Reply put(String url, String json) {
        return put(url, json, null);
    }

    static Reply put(String url, String json, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    static Reply getWithToken(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    static Reply send(HttpRequest request) {
        long start = System.currentTimeMillis();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            long end = System.currentTimeMillis();
            String version = response.headers().firstValue("X-Content-Version").orElse("-1");
            return new Reply(start, end, response.statusCode(), response.headers().firstValue("X-Cache").orElse(null),
                    Long.parseLong(version.trim()), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code id} field of a JSON body. */
    static String id(Reply reply) {
        Matcher m = ID.matcher(reply.body());
        if (!m.find()) {
            throw new AssertionError("no id in " + reply.body());
        }
        return m.group(1);
    }
}
