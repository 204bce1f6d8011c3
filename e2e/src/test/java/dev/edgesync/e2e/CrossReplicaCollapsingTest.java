package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.ServiceProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Request collapsing across the replicas of a region: two edge processes of ap-south share the region's Redis, and
 * 200 concurrent misses of one cold key split between them make one origin fetch in all.
 */
class CrossReplicaCollapsingTest {

    @Test
    void concurrentMissesOnTwoReplicasOfOneRegionCauseOneOriginFetch() throws Exception {
        LocalTopology topology = E2ETopology.get();
        String region = "ap-south";
        try (ServiceProcess second = topology.startEdge(region, Map.of())) {
            String first = topology.edgeUrl(region);
            // warm both replicas up (JIT, Redis connection pools) on another key, so that cold-start Redis
            // timeouts (the edge then bypasses the store by design) do not blur what this test measures
            burst(first, second.url(), Content.create(topology, "cross-replica-warmup"));
            String id = Content.create(topology, "cross-replica");
            long fetchesBefore = fetches(first) + fetches(second.url());

            List<Reply> replies = burst(first, second.url(), id);
            Map<String, Long> results = new java.util.TreeMap<>();
            for (Reply r : replies) {
                results.merge(String.valueOf(r.xCache()), 1L, Long::sum);
            }
            for (Reply r : replies) {
                assertEquals(200, r.status(), r.toString());
                assertEquals(1, r.version(), r.toString());
            }
            long fetches = fetches(first) + fetches(second.url()) - fetchesBefore;
            assertEquals(1, fetches,
                    "origin fetches of both replicas for 200 concurrent misses of one key; X-Cache: " + results);
        }
    }

    /** 200 concurrent GETs of the item, alternating between the two replicas. */
    private static List<Reply> burst(String first, String second, String id) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(200);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                String url = (i % 2 == 0 ? first : second) + Content.path(id);
                futures.add(clients.submit(() -> {
                    go.await();
                    return Http.get(url);
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
            return replies;
        } finally {
            clients.shutdownNow();
        }
    }

    private static long fetches(String edgeUrl) {
        Reply reply = Http.get(edgeUrl + "/metrics/summary");
        assertEquals(200, reply.status(), reply.body());
        try {
            Map<?, ?> summary = new com.fasterxml.jackson.databind.ObjectMapper().readValue(reply.body(), Map.class);
            Object value = summary.get("originFetches");
            if (!(value instanceof Number n)) {
                throw new AssertionError("summary has no number originFetches: " + summary);
            }
            return n.longValue();
        } catch (java.io.IOException e) {
            throw new AssertionError("summary is not JSON: " + reply.body(), e);
        }
    }
}
