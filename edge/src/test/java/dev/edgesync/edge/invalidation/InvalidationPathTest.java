package dev.edgesync.edge.invalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.PurgeMode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class InvalidationPathTest extends EdgeTestSupport {

    @Inject
    Redis redis;

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    @AfterEach
    void restore() {
        region("eager", 100);
    }

    private boolean stored(String key) {
        return redis.send(Request.cmd(Command.EXISTS).arg(RedisKeys.entry(key))).await().atMost(Duration.ofSeconds(2))
                .toLong() == 1;
    }

    @Test
    void eagerKeyEventRemovesAndNextReadIsMissWithNewVersion() {
        String p = path("inv/eager/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1).tags("content-e1 content-list");
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"));

        route.version(2);
        InvalidationAck ack = apply(updated(p, List.of("content-e1", "content-list"), 2, PurgeMode.DEFAULT));
        assertEquals(EdgeTestResources.REGION, ack.region());
        assertNotNull(ack.instance());

        Response next = get(p);
        assertEquals("MISS", next.getHeader("X-Cache"));
        assertEquals(2, version(next));
        assertEquals("HIT", get(p).getHeader("X-Cache"));
    }

    @Test
    void lazyRegionServesStaleOnceThenFresh() {
        region("lazy", 100);
        String p = path("inv/lazy/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1).tags("content-l1");
        get(p);
        route.version(2);
        apply(updated(p, List.of("content-l1"), 2, PurgeMode.DEFAULT));
        assertTrue(stored(p), "lazy keeps the entry");

        // the first read after a lazy apply is answered from the old copy while it revalidates in the background
        Response stale = get(p);
        // readers that arrive while (or after) it revalidates: old content only ever marked STALE
        List<CompletableFuture<Response>> concurrent = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            concurrent.add(CompletableFuture.supplyAsync(() -> get(p)));
        }
        for (CompletableFuture<Response> f : concurrent) {
            Response r = f.join();
            assertTrue(r.getHeader("X-Cache").equals("STALE") ? version(r) >= 1 : version(r) == 2,
                    r.getHeader("X-Cache") + " " + version(r));
        }
        assertEquals("STALE", stale.getHeader("X-Cache"));
        assertEquals(1, version(stale));

        Response fresh = awaitHit(p);
        assertEquals(2, version(fresh));
        assertEquals(1, route.conditionalRequests.get(), "exactly one revalidation");
        assertEquals(2, route.requests.get(), "one fill, one revalidation");
    }

    @Test
    void hardModeRemovesEvenInALazyRegion() {
        region("lazy", 100);
        String p = path("inv/hard-in-lazy/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        route.version(2);
        apply(updated(p, List.of(), 2, PurgeMode.HARD));
        Response next = get(p);
        assertEquals("MISS", next.getHeader("X-Cache"));
        assertEquals(2, version(next));
    }

    @Test
    void softModeMarksStaleEvenInAnEagerRegion() {
        String p = path("inv/soft-in-eager/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        route.version(2);
        apply(updated(p, List.of(), 2, PurgeMode.SOFT));
        Response next = get(p);
        assertEquals("STALE", next.getHeader("X-Cache"));
        assertEquals(1, version(next));
        assertEquals(2, version(awaitHit(p)));
    }

    @Test
    void tagPurgeBumpsOneCounterWithoutTouchingEntries() {
        String tag = "tag-" + RUN;
        String a = path("inv/tag/a");
        String b = path("inv/tag/b");
        String other = path("inv/tag/other");
        ORIGIN.route(a).tags(tag + " content-list");
        ORIGIN.route(b).tags(tag);
        ORIGIN.route(other).tags("unrelated");
        get(a);
        get(b);
        get(other);

        apply(purge(List.of(), List.of(tag), List.of(), PurgeMode.DEFAULT));
        // no scan, no delete: the entries are still in Redis, a generation counter made them invalid
        assertTrue(stored(a) && stored(b));
        assertEquals("MISS", get(a).getHeader("X-Cache"));
        assertEquals("MISS", get(b).getHeader("X-Cache"));
        assertEquals("HIT", get(other).getHeader("X-Cache"));
        assertEquals("HIT", get(a).getHeader("X-Cache"));
    }

    @Test
    void prefixPurgeCoversTheSegmentOnly() {
        String base = path("inv/prefix/");
        String a1 = base + "a/1";
        String a2 = base + "a/2?page=3";
        String ab = base + "ab/1";
        ORIGIN.route(a1);
        ORIGIN.route(a2);
        ORIGIN.route(ab);
        get(a1);
        get(a2);
        get(ab);

        apply(purge(List.of(), List.of(), List.of(base + "a/"), PurgeMode.DEFAULT));
        assertEquals("MISS", get(a1).getHeader("X-Cache"));
        assertEquals("MISS", get(a2).getHeader("X-Cache"));
        assertEquals("HIT", get(ab).getHeader("X-Cache"));
    }

    @Test
    void duplicateAndOutOfOrderEventsNeverLowerTheServedVersion() {
        String p = path("inv/order/1");
        TestOrigin.Route route = ORIGIN.route(p).version(3);
        InvalidationEvent v3 = updated(p, List.of(), 3, PurgeMode.DEFAULT);
        apply(v3);
        assertEquals(3, version(get(p)));

        apply(v3); // the same event again
        apply(updated(p, List.of(), 2, PurgeMode.DEFAULT)); // an older one, late
        assertEquals(3, version(get(p)));
        assertEquals("HIT", get(p).getHeader("X-Cache"));

        // an origin replica lagging behind (still answers v3) is never served once v4 was applied
        apply(updated(p, List.of(), 4, PurgeMode.DEFAULT));
        Response behind = get(p);
        assertEquals(503, behind.statusCode());
        assertEquals("application/problem+json", behind.getContentType());
        route.version(4);
        assertEquals(4, version(get(p)));
    }

    @Test
    void fillThatRacedAnInvalidationIsNotStoredAsFresh() throws Exception {
        String p = path("inv/race/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1).delay(1200);
        CompletableFuture<Response> slowFill = CompletableFuture.supplyAsync(() -> get(p));
        sleep(200); // the origin has read version 1 and is still answering
        route.version(2);
        route.delay(0);
        apply(updated(p, List.of(), 2, PurgeMode.DEFAULT)); // applied while the fill is in flight

        Response filled = slowFill.get();
        assertEquals(2, version(filled), "the raced v1 answer was fetched again");
        assertEquals(2, route.requests.get());
        Response next = get(p);
        assertEquals("HIT", next.getHeader("X-Cache"));
        assertEquals(2, version(next));
    }

    @Test
    void fillThatRacedATagPurgeIsFetchedAgain() throws Exception {
        String tag = "race-tag-" + RUN;
        String p = path("inv/race-tag/1");
        TestOrigin.Route route = ORIGIN.route(p).tags(tag).delay(1200);
        CompletableFuture<Response> slowFill = CompletableFuture.supplyAsync(() -> get(p));
        sleep(200);
        route.delay(0);
        apply(purge(List.of(), List.of(tag), List.of(), PurgeMode.DEFAULT));
        assertEquals(200, slowFill.get().statusCode());
        assertEquals(2, route.requests.get(), "tags are only known after the answer, yet the race is seen");
        assertEquals("HIT", get(p).getHeader("X-Cache"));
    }

    @Test
    void eventIsNotAppliedBeforeIssuedAtPlusDelay() {
        region("eager", 1500);
        String p = path("inv/delay/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        route.version(2);
        InvalidationEvent e = updated(p, List.of(), 2, PurgeMode.DEFAULT);
        kafka().publish(e);
        sleep(700);
        Response early = get(p);
        assertEquals("HIT", early.getHeader("X-Cache"));
        assertEquals(1, version(early));
        assertNull(kafka().ack(e.id()));

        InvalidationAck ack = kafka().awaitAck(e.id(), Duration.ofSeconds(10));
        assertTrue(ack.appliedAt() >= e.issuedAt() + 1500, "applied " + (ack.appliedAt() - e.issuedAt()) + " ms");
        assertEquals(2, version(get(p)));
    }

    @Test
    void unreadableEventsGoToTheDeadLetterTopicAndTheConsumerCarriesOn() {
        String p = path("inv/dlq/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        String bad1 = "not json " + RUN;
        String bad2 = "{\"schema\":2,\"id\":\"x-" + RUN + "\",\"kind\":\"purge\",\"keys\":[\"/a\"],\"issuedAt\":1}";
        kafka().publishRaw(p, bad1);
        kafka().publishRaw(p, bad2);
        route.version(2);
        apply(updated(p, List.of(), 2, PurgeMode.DEFAULT));
        assertEquals(2, version(get(p)));

        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && kafka().deadLetters().stream()
                .filter(d -> d.value().equals(bad1) || d.value().equals(bad2)).count() < 2) {
            sleep(50);
        }
        var letters = kafka().deadLetters().stream().filter(d -> d.value().equals(bad1) || d.value().equals(bad2))
                .toList();
        assertEquals(2, letters.size(), "both bad events dead-lettered: " + kafka().deadLetters());
        assertTrue(letters.stream().anyMatch(d -> d.value().equals(bad1) && d.reason().contains("unparseable")));
        assertTrue(letters.stream().anyMatch(d -> d.value().equals(bad2) && d.reason().contains("schema")));
    }

    private static Response awaitHit(String p) {
        long deadline = System.currentTimeMillis() + 5000;
        Response last = null;
        while (System.currentTimeMillis() < deadline) {
            last = get(p);
            if ("HIT".equals(last.getHeader("X-Cache"))) {
                return last;
            }
            sleep(50);
        }
        throw new AssertionError("never HIT again, last " + (last == null ? null : last.getHeader("X-Cache")));
    }
}
