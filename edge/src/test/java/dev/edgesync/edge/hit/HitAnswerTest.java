package dev.edgesync.edge.hit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import dev.edgesync.edge.read.Delivery;
import dev.edgesync.edge.read.Reply;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The event-loop answer prepared once per L1 copy sends, at any later moment and for any conditionals, exactly what
 * the read path's {@link Delivery#decide} sends for that copy as a HIT then: same status, same fields in the same
 * order, {@code Age} and the edge's {@code Date} of that moment.
 */
class HitAnswerTest {
    private static final long STORED = 1_700_000_000_123L;

    @Test
    void sendsWhatTheReadPathSendsAtEveryLaterMoment() {
        for (CacheEntry entry : List.of(entry(true, 0), entry(false, 0), entry(true, 42), entry(false, 5_000))) {
            HitAnswer answer = HitAnswer.of(entry, "eu-west", false);
            for (long later : List.of(0L, 999L, 1_000L, 61_500L, 3_599_999L, 7_300_000L)) {
                long now = STORED + later;
                for (String[] conditional : conditionals()) {
                    Delivery.Delivered expected = Delivery.decide(Reply.of(entry, Result.HIT), true, false, false,
                            conditional[0], conditional[1], "eu-west", now, false);
                    HitAnswer.Fields fields = answer.answer(conditional[0], conditional[1]);
                    MultiMap out = MultiMap.caseInsensitiveMultiMap();
                    fields.writeTo(out, answer.age(now), now);
                    String what = "stored " + entry.headers().keySet() + " initial age " + entry.initialAgeMs()
                            + ", " + later + " ms later, conditionals " + String.join("|", String.valueOf(conditional[0]),
                                    String.valueOf(conditional[1]));
                    assertEquals(expected.status(), fields.status(), what);
                    assertEquals(expected.headers(), pairs(out), what);
                }
            }
        }
    }

    @Test
    void freshOnlyWhileTheCopyIsAndItsDirectivesAllowReuse() {
        HitAnswer answer = HitAnswer.of(entry(true, 0), "eu-west", false);
        assertTrue(answer.fresh(STORED + 3_599_999));
        assertFalse(answer.fresh(STORED + 3_600_000), "past max-age");
        Map<String, String> noCache = new HashMap<>(entry(true, 0).headers());
        noCache.put("cache-control", "public, max-age=3600, no-cache");
        CacheEntry validateEveryTime = new CacheEntry("/a", 200, noCache, new byte[] {1}, 3, "\"v3\"", null, List.of(),
                STORED, STORED + 3_600_000, STORED + 3_600_000, Map.of(), Map.of(), false, 0, List.of(), "");
        assertFalse(HitAnswer.of(validateEveryTime, "eu-west", false).fresh(STORED + 1), "no-cache: validate");
    }

    @Test
    void theDateIsFormattedOncePerSecondAndRight() {
        for (long t : List.of(STORED, STORED + 1, STORED + 877, STORED + 1_000, STORED - 1)) {
            assertEquals(HttpDate.format(t), Delivery.date(t));
        }
    }

    private static List<String[]> conditionals() {
        List<String[]> c = new ArrayList<>();
        c.add(new String[] {null, null});
        c.add(new String[] {"\"v3\"", null});
        c.add(new String[] {"W/\"v3\", \"other\"", null});
        c.add(new String[] {"\"other\"", null});
        c.add(new String[] {null, HttpDate.format(STORED + 10_000)});
        c.add(new String[] {null, HttpDate.format(STORED - 86_400_000)});
        return c;
    }

    /** A 200 stored at {@link #STORED}, fresh for an hour, with or without the origin's Date. */
    private static CacheEntry entry(boolean withDate, long initialAgeMs) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "text/plain");
        headers.put("cache-control", "public, max-age=3600");
        headers.put("etag", "\"v3\"");
        headers.put("last-modified", HttpDate.format(STORED - 60_000));
        headers.put("vary", "accept-encoding");
        headers.put("x-content-version", "3");
        if (withDate) {
            headers.put("date", HttpDate.format(STORED));
        }
        return new CacheEntry("/a", 200, headers, new byte[] {1, 2, 3}, 3, "\"v3\"", headers.get("last-modified"),
                List.of("t1"), STORED, STORED + 3_600_000 - initialAgeMs, STORED + 3_600_000 - initialAgeMs, Map.of(),
                Map.of(), false, initialAgeMs, List.of(), "");
    }

    private static List<String> pairs(MultiMap out) {
        List<String> pairs = new ArrayList<>();
        out.forEach(e -> {
            pairs.add(e.getKey());
            pairs.add(e.getValue());
        });
        return pairs;
    }
}
