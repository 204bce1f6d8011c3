package dev.edgesync.edge.hit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryCodec;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.L1Copy;
import dev.edgesync.edge.cache.L1Weight;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * Issue 9: the in-process tier is bounded by what it really holds. An L1 copy of a small object as an nginx origin
 * sends it, decoded from Redis and with its event-loop answer prepared, weighs at least the heap it holds (measured by
 * JOL over many copies, so that what copies share counts once) and not much more: a weight far above it would hold
 * fewer copies than the memory allows.
 */
class L1CopyWeightTest {
    private static final int COPIES = 200;
    private static final int BODY = 512;

    static {
        // CacheEntry is a record: JOL reads its field offsets its own way (before its first use)
        System.setProperty("jol.magicFieldOffset", "true");
    }

    @Test
    void aCopyWeighsWhatItHoldsOnTheHeap() {
        List<Object> held = new ArrayList<>();
        long weights = 0;
        long now = System.currentTimeMillis();
        for (int i = 0; i < COPIES; i++) {
            String key = "/obj/" + i + "?r=" + (i % 3);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("server", "nginx/1.22.1");
            headers.put("date", "Wed, 02 Dec 2026 13:10:56 GMT");
            headers.put("content-type", "application/octet-stream");
            headers.put("content-length", String.valueOf(BODY));
            headers.put("last-modified", "Wed, 02 Dec 2026 13:10:5" + (i % 10) + " GMT");
            headers.put("etag", "\"692ee3a0-" + Integer.toHexString(1000 + i) + "\"");
            headers.put("cache-control", "public, max-age=3600");
            headers.put("accept-ranges", "bytes");
            CacheEntry filled = EntryFactory.fromOrigin(key, 200, headers, new byte[BODY], Duration.ofHours(1), now)
                    .orElseThrow();
            CacheEntry entry = EntryCodec.decode(EntryCodec.encode(filled)); // as a lookup reads it from Redis
            String stamp = "5f0e3c2a9b7d4e11:" + (100_000 + i);
            L1Copy copy = new L1Copy(entry, stamp, Buffer.buffer(new byte[BODY]));
            HitAnswer answer = HitAnswer.of(entry, "eu-west", false);
            answer.answer("\"other\"", null); // a conditional request that does not match: the 200
            held.add(entry);
            held.add(stamp);
            held.add(answer);
            weights += L1Weight.of(key, copy);
        }
        // what is not measured here, counted by hand: the body in direct memory; the objects around it (DirectByteBuffer
        // 64 B, its Cleaner 40 and Deallocator 32, Netty's two wrappers 88, Vert.x's 16: JOL would follow the
        // cleaners' list into every direct buffer of the JVM); the L1Copy (40) and its renewal flag (16); Caffeine's
        // node and map node (88); the index's map nodes for the copy's five names (160) and its two own names (150)
        long outside = COPIES * (BODY + 694L);
        long heap = GraphLayout.parseInstance(held.toArray()).totalSize() + outside;
        assertTrue(weights >= heap, "weighed " + weights / COPIES + " B a copy, holds " + heap / COPIES + " B");
        assertTrue(weights <= heap * 5 / 4, "weighed " + weights / COPIES + " B a copy, holds only "
                + heap / COPIES + " B");
    }
}
