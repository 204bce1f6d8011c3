package dev.edgesync.edge.hit;

import dev.edgesync.edge.cache.CacheControl;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import dev.edgesync.edge.read.ClientConditional;
import dev.edgesync.edge.read.Delivery;
import dev.edgesync.edge.read.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.List;

/**
 * The event-loop answers of one L1 copy, decided once per copy by the read path's own {@link Delivery#answer} (so
 * the headers are the read path's) and replayed per request: a 200 and a 304, each as its fields in sending order
 * with the two that move with time ({@code Age}, and {@code Date} when the edge adds it) filled in per request.
 */
final class HitAnswer {
    private static final String AGE = "Age";
    private static final String DATE = "Date";
    /** Field names seen, pre-encoded ({@link Fields#name}); beyond this many a name is encoded per copy. */
    private static final int MAX_NAMES = 4096;
    private static final java.util.concurrent.ConcurrentHashMap<String, CharSequence> NAMES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** One response: names (pre-encoded) and values, alternating slots for {@code Age} and the edge's Date. */
    record Fields(int status, CharSequence[] names, CharSequence[] values, int ageAt, int dateAt) {
        static Fields of(Delivery.Delivered d) {
            List<String> h = d.headers();
            int n = h.size() / 2;
            CharSequence[] names = new CharSequence[n];
            CharSequence[] values = new CharSequence[n];
            int ageAt = -1;
            int dateAt = -1;
            for (int i = 0; i < n; i++) {
                String name = h.get(2 * i);
                names[i] = name(name);
                values[i] = h.get(2 * i + 1);
                // Delivery adds these two under these exact names (stored fields are lower case, and never "age")
                if (name.equals(AGE)) {
                    ageAt = i;
                } else if (name.equals(DATE)) {
                    dateAt = i;
                }
            }
            return new Fields(d.status(), names, values, ageAt, dateAt);
        }

        /**
         * The pre-encoded form of a field name, one per name in the process: every copy's answer sends the same few
         * names, and one encoded name per copy and field was a fifth of an L1 copy's heap.
         */
        private static CharSequence name(String name) {
            CharSequence known = NAMES.get(name);
            if (known != null) {
                return known;
            }
            if (NAMES.size() >= MAX_NAMES) { // names an origin made up per response are not kept for ever
                return HttpHeaders.createOptimized(name);
            }
            return NAMES.computeIfAbsent(name, HttpHeaders::createOptimized);
        }

        void writeTo(MultiMap out, String age, long now) {
            for (int i = 0; i < names.length; i++) {
                CharSequence value = i == ageAt ? age : i == dateAt ? Delivery.date(now) : values[i];
                out.add(names[i], value);
            }
        }
    }

    private final CacheEntry entry;
    /** False when the stored directives demand validation on every use (unqualified {@code no-cache}). */
    private final boolean reusable;
    private final String etag;
    private final String lastModified;
    private final String date;
    private final String region;
    private final boolean exposeSurrogateKey;
    private final Fields ok;
    /** The 304, built on the first conditional request that gets it (most copies never do). */
    private volatile Fields notModified;

    private HitAnswer(CacheEntry entry, boolean reusable, String etag, String lastModified, String date,
            String region, boolean exposeSurrogateKey, Fields ok) {
        this.entry = entry;
        this.reusable = reusable;
        this.etag = etag;
        this.lastModified = lastModified;
        this.date = date;
        this.region = region;
        this.exposeSurrogateKey = exposeSurrogateKey;
        this.ok = ok;
    }

    static HitAnswer of(CacheEntry entry, String region, boolean exposeSurrogateKey) {
        Reply reply = Reply.of(entry, Result.HIT);
        long at = entry.storedAt();
        // a request without directives (the only kind answered here) and a FRESH copy: only the stored directives
        // decide, not the time (see ReusePolicy.decide); the copy's validity is judged per request
        boolean reusable = ReusePolicy.decide(EntryValidity.Validity.FRESH, entry, CacheControl.NONE, at)
                == ReusePolicy.Reuse.SERVE_FRESH;
        Fields ok = Fields.of(Delivery.answer(reply, false, false, false, region, at, exposeSurrogateKey));
        return new HitAnswer(entry, reusable, reply.header("etag"), reply.header("last-modified"),
                reply.header("date"), region, exposeSurrogateKey, ok);
    }

    /** A HIT now: the copy may answer a request without directives with no validation. */
    boolean fresh(long now) {
        return reusable && EntryValidity.judgeUnchanged(entry, now) == EntryValidity.Validity.FRESH;
    }

    /** The response for the client's conditionals (null when absent), as {@link Delivery#decide} would choose. */
    Fields answer(String ifNoneMatch, String ifModifiedSince) {
        if (ifNoneMatch == null && ifModifiedSince == null) {
            return ok;
        }
        return ok.status() == 200
                && ClientConditional.notModified(ifNoneMatch, ifModifiedSince, etag, lastModified, date)
                ? notModified() : ok;
    }

    private Fields notModified() {
        Fields f = notModified;
        if (f == null) { // two racing first uses build it twice: the same fields, one is kept
            f = Fields.of(Delivery.answer(Reply.of(entry, Result.HIT), true, false, false, region, entry.storedAt(),
                    exposeSurrogateKey));
            notModified = f;
        }
        return f;
    }

    /** The {@code Age} value now. */
    String age(long now) {
        long seconds = entry.ageSeconds(now);
        return seconds < SMALL_AGES.length ? SMALL_AGES[(int) seconds] : Long.toString(seconds);
    }

    private static final String[] SMALL_AGES = new String[3600];

    static {
        for (int i = 0; i < SMALL_AGES.length; i++) {
            SMALL_AGES[i] = Integer.toString(i);
        }
    }
}
