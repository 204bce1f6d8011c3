package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.testkit.topology.LocalTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Request collapsing: concurrent misses of one key in one edge make one origin fetch. */
class CollapsingTest {

    @Test
    void hundredConcurrentMissesOfOneKeyCauseOneOriginFetch() throws Exception {
        LocalTopology topology = E2ETopology.get();
        String region = "ap-south";
        String id = Content.create(topology, "collapsing");
        String url = topology.edgeUrl(region) + Content.path(id);
        long fetchesBefore = Content.number(Content.summary(topology, region), "originFetches");

        ExecutorService clients = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                replies.add(clients.submit(() -> {
                    go.await();
                    return Http.get(url);
                }));
            }
            go.countDown();
            for (Future<Reply> reply : replies) {
                Reply r = reply.get();
                assertEquals(200, r.status(), r.toString());
                assertEquals(1, r.version(), r.toString());
            }
        } finally {
            clients.shutdownNow();
        }
        long fetches = Content.number(Content.summary(topology, region), "originFetches") - fetchesBefore;
        assertEquals(1, fetches, "origin fetches for 100 concurrent misses of one key");
    }
}
