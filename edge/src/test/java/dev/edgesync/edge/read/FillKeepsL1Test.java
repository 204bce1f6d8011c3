package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.L1Copy;
import dev.edgesync.edge.cache.EntryStore;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A miss's fill puts its fresh copy into this replica's L1 (coherence feed current), so that the next request is
 * answered without a Redis round trip, and the fill's own coherence message (its write, echoed to every replica
 * including this one) leaves that copy in place.
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class FillKeepsL1Test extends EdgeTestSupport {

    @Inject
    Redis redis;

    @Inject
    EntryStore store;

    @Inject
    L1Cache l1;

    @Inject
    RegionCoherence coherence;

    @BeforeEach
    void setUp() {
        region("eager", 100);
    }

    @Test
    void filledCopyIsInL1AndTheNextHitNeedsNoRedis() {
        // the rule holds for a fill that ran while the feed was current: just after start the staleness lease
        // can still drop in and out, so a fill during which it was not current is repeated with another key
        String p = null;
        TestOrigin.Route route = null;
        for (int i = 0; i < 5 && p == null; i++) {
            awaitCurrent(coherence);
            String candidate = path("fill-l1/next-hit-" + i);
            route = ORIGIN.route(candidate).version(6);
            assertEquals("MISS", get(candidate).getHeader("X-Cache"));
            if (coherence.current()) {
                p = candidate;
            }
        }
        assertNotNull(p, "a fill ran while the coherence feed was current");
        assertNotNull(l1.get(p), "the fill put its copy into L1");
        sleep(300); // the fill's own coherence message has come back by now (window 100 ms)
        L1Copy kept = l1.get(p);
        assertNotNull(kept, "the fill's own write message left its copy in L1");
        assertEquals(store.getStamped(p).stamp(), kept.stamp(), "the copy L1 holds is the one Redis holds");

        long gets = commandCalls("get");
        long mgets = commandCalls("mget");
        long evals = commandCalls("eval");
        Response r = get(p);
        assertEquals("HIT", r.getHeader("X-Cache"));
        assertEquals("6", r.getHeader("X-Content-Version"));
        assertEquals(0, commandCalls("get") - gets, "no GET of the entry");
        assertEquals(0, commandCalls("mget") - mgets, "no MGET");
        assertEquals(0, commandCalls("eval") - evals, "no script");
        assertEquals(1, route.requests.get());
    }

    private long commandCalls(String command) {
        String info = redis.send(Request.cmd(Command.INFO).arg("commandstats")).await()
                .atMost(Duration.ofSeconds(2)).toString();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (part.startsWith("calls=")) {
                        return Long.parseLong(part.substring(6));
                    }
                }
            }
        }
        return 0;
    }
}
