package dev.edgesync.edge.cache;

import java.util.Map;

/**
 * What an {@link L1Cache} copy really holds, in bytes, for its weigher: the decoded entry (strings, header map,
 * tags, snapshots, the reverse-index nodes it adds) and its body twice when the direct buffer holds it too. An
 * estimate (a char counts 2 bytes, each string and map node its header), never the body alone.
 */
public final class L1Weight {
    /** Fixed cost counted per entry besides what it holds (record, map node, Caffeine node, buffer object). */
    static final int OVERHEAD = 256;
    /** The prepared event-loop answer's own fields and arrays, besides a slot per stored field. */
    static final int ANSWER = 320;

    private L1Weight() {
    }

    /** The weight of {@code v} under {@code key}. */
    public static int of(String key, L1Copy v) {
        CacheEntry e = v.entry();
        long w = OVERHEAD + str(key) + str(v.stamp()) + str(e.key()) + str(e.etag()) + str(e.lastModified())
                + str(e.variant());
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            // the map node, and the event-loop answer prepared from the copy (HitAnswer): its slots for the name
            // (encoded once per process) and the value (the same string)
            w += 48 + str(h.getKey()) + str(h.getValue());
        }
        // that answer's own fields (Age, Date, X-Cache, Via...) and arrays
        w += ANSWER;
        for (String tag : e.tags()) {
            w += 8 + str(tag);
        }
        for (String name : e.vary()) {
            w += 8 + str(name);
        }
        for (String token : e.hardSnapshot().keySet()) {
            w += 56 + str(token);
        }
        for (String token : e.softSnapshot().keySet()) {
            w += 56 + str(token);
        }
        // the token list is derived on demand but indexed here: one set node per token
        w += 48L * (e.tags().size() + CacheKey.segmentPrefixes(e.key()).size() + 2);
        w += e.body() == null ? 0 : 16 + e.body().length;
        w += v.body() == null ? 0 : 48 + v.body().length();
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    private static long str(String s) {
        return s == null ? 0 : 40 + 2L * s.length();
    }
}
