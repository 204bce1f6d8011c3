package dev.edgesync.edge.cache;

/**
 * The Redis key layout of one region's store.
 *
 * <pre>
 * e:&lt;key&gt;          the entry (binary: meta JSON + body), expires at staleUntil + retention; for a response
 *                  with Vary, the latest variant (it tells lookups the Vary field names)
 * e:&lt;key&gt;#vary:&lt;h&gt; one variant of a varying response (h = {@link VaryKey#variant})
 * es:&lt;key&gt;         the stamp of e:&lt;key&gt; (unique per write, same expiry, written atomically with it):
 *                  lets an in-process L1 copy be validated in the token MGET (per variant key too)
 * g:h:&lt;token&gt;      hard generation of a token (key:/tag:/prefix:), absent = 0
 * g:s:&lt;token&gt;      soft generation of a token
 * g:seq            the region sequence generations are stamped from (grows only; max(seq+1, server µs+1))
 * mv:h:&lt;key&gt;       minimum content version a served entry must have (hard)
 * mv:s:&lt;key&gt;       minimum content version a fresh entry must have (soft)
 * lk:&lt;key&gt;         background revalidation lock (SET NX PX), per variant key when the response varies
 * fl:&lt;key&gt;         region-wide fill lock of a miss (value: the fill owner, unique to the fill, PX lease), per variant key
 *                  when a stored variant is being revalidated; value {@code pass} for a short while after a fill
 *                  whose response was not storable (the region's waiters then fetch without collapsing)
 * </pre>
 */
public final class RedisKeys {
    public static final String SEQUENCE = "g:seq";

    private RedisKeys() {
    }

    public static String entry(String key) {
        return "e:" + key;
    }

    public static String stamp(String storageKey) {
        return "es:" + storageKey;
    }

    public static String hard(String token) {
        return "g:h:" + token;
    }

    public static String soft(String token) {
        return "g:s:" + token;
    }

    public static String minVersionHard(String key) {
        return "mv:h:" + key;
    }

    public static String minVersionSoft(String key) {
        return "mv:s:" + key;
    }

    public static String revalidationLock(String key) {
        return "lk:" + key;
    }

    public static String fillLock(String key) {
        return "fl:" + key;
    }

    /**
     * Set while a miss waits for the fill holding {@link #fillLock}: the fill's store or release then publishes the
     * lock key on the fill channel (the scripts derive it from the lock key: {@code fw:} for {@code fl:}).
     */
    public static String fillWaiters(String key) {
        return "fw:" + key;
    }
}
