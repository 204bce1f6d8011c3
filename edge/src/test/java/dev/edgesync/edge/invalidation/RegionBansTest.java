package dev.edgesync.edge.invalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a replica learns the bans another replica of its region applied: from the notice on {@code edgesync:bans}, not
 * by polling Redis (the test profile sets the safety poll to an hour), and without writing to Redis meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class RegionBansTest extends EdgeTestSupport {

    @Inject
    Redis redis;

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    @Test
    void aBanAnotherReplicaAppliedIsJudgedOnceItsNoticeArrives() {
        String p = path("bans/notice/a");
        ORIGIN.route(p).version(1);
        get(p);
        assertEquals("HIT", get(p).getHeader("X-Cache"));

        // what the applying replica does: record the ban, then publish the notice on the same connection
        redis.batch(java.util.List.of(
                Request.cmd(Command.ZADD).arg(RegionBans.KEY).arg("GT").arg(System.currentTimeMillis())
                        .arg("h " + path("bans/notice/*")),
                Request.cmd(Command.PUBLISH).arg(RegionBans.CHANNEL).arg(1))).await().atMost(Duration.ofSeconds(5));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String cache;
        while ("HIT".equals(cache = get(p).getHeader("X-Cache"))) {
            assertTrue(System.nanoTime() < deadline, "the banned copy is still a HIT: the notice was not acted on");
            sleep(20);
        }
        assertEquals("MISS", cache, "a hard ban makes the stored copy a miss");
    }

    @Test
    void anIdleReplicaDoesNotWriteToTheBanSet() {
        long before = zremrangebyscoreCalls();
        sleep(1500);
        assertEquals(before, zremrangebyscoreCalls(), "no ban was applied, yet the replica trimmed the ban set");
    }

    private long zremrangebyscoreCalls() {
        String info = redis.send(Request.cmd(Command.INFO).arg("commandstats")).await().atMost(Duration.ofSeconds(5))
                .toString();
        Matcher m = Pattern.compile("cmdstat_zremrangebyscore:calls=(\\d+)").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
