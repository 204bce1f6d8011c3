package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.topology.LocalTopology;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No fill race: an origin response that was in flight while the region applied an invalidation is
 * never stored as fresh. The {@value E2ETopology#RACE} edge reaches the origin through a proxy that
 * holds the response until the test has seen the invalidation applied.
 */
class FillRaceTest {
    private static final String REGION = E2ETopology.RACE;

    @Test
    void responseInFlightDuringAVersionedInvalidationIsNotStoredAsFresh() throws Exception {
        LocalTopology topology = E2ETopology.get();
        HoldingProxy proxy = E2ETopology.proxy();
        String id = createAndAwaitItsEvent(topology);
        String url = topology.edgeUrl(REGION) + Content.path(id);

        proxy.holdNext(Content.path(id));
        CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> Http.get(url));
        assertTrue(proxy.awaitFetched(Duration.ofSeconds(20)), "the edge never asked the origin: "
                + (inFlight.isDone() ? inFlight.join() : "still waiting") + ", proxy requests " + proxy.requests());

        long applied = Content.number(Content.summary(topology, REGION), "invalidationsApplied");
        assertEquals(2, Content.update(topology, id, "Changed while the fill was in flight"));
        Content.awaitApplied(topology, REGION, applied, 1, Duration.ofSeconds(30));
        proxy.release();

        Reply first = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(200, first.status(), first.toString());
        for (int i = 0; i < 3; i++) {
            Reply after = Http.get(url);
            assertEquals(2, after.version(), "read " + i + " after the invalidation served the in-flight version: " + after);
        }
    }

    @Test
    void responseInFlightDuringAHardTagPurgeIsFetchedAgainNotStored() throws Exception {
        LocalTopology topology = E2ETopology.get();
        HoldingProxy proxy = E2ETopology.proxy();
        String id = createAndAwaitItsEvent(topology, "racing");
        String url = topology.edgeUrl(REGION) + Content.path(id);

        int requestsBefore = proxy.requests();
        proxy.holdNext(Content.path(id));
        CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> Http.get(url));
        assertTrue(proxy.awaitFetched(Duration.ofSeconds(20)), "the edge never asked the origin");

        long applied = Content.number(Content.summary(topology, REGION), "invalidationsApplied");
        Reply purge = Http.post(topology.originUrl() + "/api/purge",
                "{\"tags\":[\"content-" + id + "\"],\"mode\":\"hard\",\"priority\":\"high\"}", topology.purgeToken());
        assertEquals(202, purge.status(), purge.body());
        Content.awaitApplied(topology, REGION, applied, 1, Duration.ofSeconds(30));
        proxy.release();
        assertEquals(200, inFlight.get(30, TimeUnit.SECONDS).status());

        // The held response was filled under the purged tag: the edge must go back to the origin rather
        // than store it. The content did not change, so what it stores then is the refetched copy.
        assertTrue(proxy.requests() - requestsBefore >= 2,
                "the response in flight during the purge was stored without a new fetch");
        Reply next = Http.get(url);
        assertEquals("HIT", next.xCache(), "the copy fetched after the purge is cached: " + next);
    }

    /** Creates an item and waits until the region applied its create event, so later counts are the test's own. */
    private static String createAndAwaitItsEvent(LocalTopology topology, String... tags) {
        long applied = Content.number(Content.summary(topology, REGION), "invalidationsApplied");
        String id = Content.create(topology, tags);
        Content.awaitApplied(topology, REGION, applied, 1, Duration.ofSeconds(30));
        return id;
    }
}
