package dev.edgesync.lab.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The origin and edge operations the experiments use, over HTTP only. */
public final class EdgeSyncApi {
    private final Targets targets;
    private final LabHttp http;

    public EdgeSyncApi(Targets targets) {
        this(targets, new LabHttp());
    }

    public EdgeSyncApi(Targets targets, LabHttp http) {
        this.targets = targets;
        this.http = http;
    }

    public Targets targets() {
        return targets;
    }

    public LabHttp http() {
        return http;
    }

    /** A content item as the origin reported it after a write. */
    public record Written(String id, long version) {
    }

    public Written create(String title, String slug, String body, List<String> tags) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("slug", slug);
        json.put("body", body);
        json.put("tags", tags);
        requireToken(targets.writeToken(), "write", "write-token in --config or EDGESYNC_WRITE_TOKEN");
        LabHttp.Response r = http.post(targets.origin() + "/api/content", json, targets.writeToken());
        if (r.status() != 201) {
            throw new IllegalStateException("create content at the origin failed: " + r.describe());
        }
        return written(r);
    }

    public Written updateTitle(String id, String title) {
        requireToken(targets.writeToken(), "write", "write-token in --config or EDGESYNC_WRITE_TOKEN");
        LabHttp.Response r = http.put(targets.origin() + "/api/content/" + id, Map.of("title", title), targets.writeToken());
        if (r.status() != 200) {
            throw new IllegalStateException("update of content " + id + " failed: " + r.describe());
        }
        return written(r);
    }

    private static Written written(LabHttp.Response r) {
        JsonNode json = r.json();
        return new Written(json.path("id").asText(), json.path("version").asLong());
    }

    public LabHttp.Response readEdge(String region, String id) {
        return http.get(targets.edge(region) + "/api/content/" + id);
    }

    /** The edge's {@code /metrics/summary}, or null when it does not answer. */
    public EdgeSummary summary(String region) {
        LabHttp.Response r = http.get(targets.edge(region) + "/metrics/summary");
        return r.status() == 200 ? EdgeSummary.of(r.json()) : null;
    }

    /** {@code /q/health/ready} answered 200. */
    public boolean ready(String baseUrl) {
        return http.get(baseUrl + "/q/health/ready").status() == 200;
    }

    /** Changes a region's strategy live ({@code PUT /admin/region}, admin token). */
    public void setStrategy(String region, String strategy) {
        requireToken(targets.adminToken(), "admin", "--admin-token or EDGESYNC_ADMIN_TOKEN");
        LabHttp.Response r = http.put(targets.edge(region) + "/admin/region", Map.of("strategy", strategy),
                targets.adminToken());
        if (r.status() != 200) {
            throw new IllegalStateException("PUT /admin/region on " + region + " failed: " + r.describe());
        }
    }

    public LabHttp.Response purge(Map<String, Object> request) {
        requireToken(targets.purgeToken(), "purge", "--purge-token or EDGESYNC_PURGE_TOKEN");
        return http.post(targets.origin() + "/api/purge", request, targets.purgeToken());
    }

    public LabHttp.Response purgeStatus(String id) {
        return http.get(targets.origin() + "/api/purge/" + id, targets.purgeToken());
    }

    /** {@code GET /api/purge?since=}: the purges created at or after {@code since} (epoch ms), newest first. */
    public LabHttp.Response purges(long since) {
        requireToken(targets.purgeToken(), "purge", "--purge-token or EDGESYNC_PURGE_TOKEN");
        return http.get(targets.origin() + "/api/purge?since=" + since, targets.purgeToken());
    }

    /**
     * The origin's {@code GET /api/outbox/status} ({@code pending}, {@code deadLetters}, the latest dead letter), or
     * null without a purge token or when the origin does not answer it.
     */
    public JsonNode outboxStatus() {
        if (targets.purgeToken() == null) {
            return null;
        }
        LabHttp.Response r = http.get(targets.origin() + "/api/outbox/status", targets.purgeToken());
        return r.status() == 200 ? r.json() : null;
    }

    private static void requireToken(String token, String what, String how) {
        if (token == null) {
            throw new IllegalStateException("the " + what + " token is not configured (" + how
                    + ", or the env file of ./edgesync up)");
        }
    }
}
