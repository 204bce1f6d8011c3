package dev.edgesync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.lab.client.EdgeSummary;
import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.lab.client.Targets;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.util.List;
import java.util.Random;

/**
 * What every topology scenario works on: the started local topology, the lab's API client for it, the measured
 * region (the first of the chart's values) and the report the rows go to.
 */
final class RunningTopology {
    static final String HOST = "127.0.0.1";

    final LocalTopology topology;
    final EdgeSyncApi api;
    final Report report;
    /** The measured region and its configured delay. */
    final String region;
    final long regionDelay;

    RunningTopology(LocalTopology topology, Report report) {
        this.topology = topology;
        this.report = report;
        this.api = new EdgeSyncApi(Targets.of(topology));
        RegionSpec first = topology.regions().get(0);
        this.region = first.name();
        this.regionDelay = first.delayMs();
    }

    LabHttp http() {
        return api.http();
    }

    /** Creates a content item tagged {@code bench}; its id. */
    String createContent(String title, String slug, String body) {
        return api.create(title, slug, body, List.of("bench")).id();
    }

    /** The measured region's {@code /metrics/summary}. */
    EdgeSummary regionSummary() {
        EdgeSummary s = api.summary(region);
        if (s == null) {
            throw new IllegalStateException("the " + region + " edge does not answer GET /metrics/summary");
        }
        return s;
    }

    /** The {@code /metrics/summary} of one edge process (a replica has no region URL of its own). */
    JsonNode summary(String edgeUrl) {
        LabHttp.Response r = http().get(edgeUrl + "/metrics/summary");
        if (!r.ok()) {
            throw new IllegalStateException("GET " + edgeUrl + "/metrics/summary: " + r.describe());
        }
        return r.json();
    }

    /**
     * Every region of a propagation or purge status has applied it. Read from the regions, not the overall word:
     * the origin says {@code completed} for this since its purge lifecycle (earlier, {@code applied}).
     */
    static boolean appliedEverywhere(JsonNode status) {
        JsonNode regions = status.path("regions");
        for (JsonNode region : regions) {
            if (!"applied".equals(region.path("status").asText())) {
                return false;
            }
        }
        return !regions.isEmpty();
    }

    /** Purge {@code id}'s status once applied in every region (polled every {@code pollMs}), or the last seen after 30 s. */
    JsonNode awaitPurgeApplied(String id, long pollMs) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        JsonNode status = LabHttp.JSON.createObjectNode();
        while (System.nanoTime() < deadline) {
            LabHttp.Response r = api.purgeStatus(id);
            if (r.ok()) {
                status = r.json();
                if (appliedEverywhere(status)) {
                    break;
                }
            }
            Thread.sleep(pollMs);
        }
        return status;
    }

    /** Printable ASCII of exactly {@code bytes} bytes. */
    static String randomText(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(bytes);
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,";
        for (int i = 0; i < bytes; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
