package dev.edgesync.lab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The lab's one small HTTP client (java.net.http); every call is bounded in time. */
public final class LabHttp {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;

    public LabHttp() {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One exchange: status, body and the headers the lab reads. {@code status} is -1 on I/O failure. */
    public record Response(int status, String body, String xCache, long version, String region, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + abbreviate(body), e);
            }
        }

        public String describe() {
            return status < 0 ? error : status + " " + abbreviate(body);
        }
    }

    public Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET(), null);
    }

    public Response get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET(), token);
    }

    public Response post(String url, Object body, String token) {
        return send(json(url).POST(HttpRequest.BodyPublishers.ofString(write(body))), token);
    }

    public Response put(String url, Object body, String token) {
        return send(json(url).PUT(HttpRequest.BodyPublishers.ofString(write(body))), token);
    }

    private static HttpRequest.Builder json(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Content-Type", "application/json");
    }

    private Response send(HttpRequest.Builder builder, String token) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            String v = r.headers().firstValue("X-Content-Version").orElse(null);
            long version = -1;
            if (v != null) {
                try {
                    version = Long.parseLong(v.trim());
                } catch (NumberFormatException ignored) {
                    version = -1;
                }
            }
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("X-Cache").orElse(null), version,
                    r.headers().firstValue("X-Edge-Region").orElse(null), null);
        } catch (IOException e) {
            return new Response(-1, "", null, -1, null, request.method() + " " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "", null, -1, null, "interrupted");
        }
    }

    public static String write(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
