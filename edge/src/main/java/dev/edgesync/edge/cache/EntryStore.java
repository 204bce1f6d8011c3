package dev.edgesync.edge.cache;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The region's cached entries in Redis ({@code e:}, {@code es:}) and the invalidation state they are judged
 * against ({@code g:}, {@code mv:}): reads, plain stores, and stores fenced by the region fill lock ({@link FillLock}).
 * Every store tells the replicas' L1s in the same script; this replica's own L1 is kept or dropped here.
 */
@ApplicationScoped
public class EntryStore {

    /** What {@link #putFencedAsync(CacheEntry, long, Duration, String, String, boolean, long, StateRead)} answers
     *  when the state changed since it was read: nothing written. */
    public static final String STATE_CHANGED = "state-changed";

    /** {@link #putAsync}: the entry does not go to L1. */
    public static final long NO_L1 = Long.MIN_VALUE;

    /** Unique per process and write: the value of an entry's stamp key. */
    private static final String STAMP_PREFIX = Long.toHexString(new SecureRandom().nextLong()) + ":";
    private static final AtomicLong STAMPS = new AtomicLong();

    private final RedisAccess redis;
    private final L1Cache l1;

    @Inject
    public EntryStore(RedisAccess redis, L1Cache l1) {
        this.redis = redis;
        this.l1 = l1;
    }

    /** A store without an L1 of its own (as another replica's store looks from here). */
    public EntryStore(RedisAccess redis) {
        this(redis, L1Cache.standalone(false, 0, Duration.ZERO));
    }

    public L1Cache l1() {
        return l1;
    }

    /** An entry and its stamp, read in one MGET; entry null on a miss, stamp null when the entry has none. */
    public record StampedEntry(CacheEntry entry, String stamp) {
    }

    /** Token state plus the current stamps of the storage keys asked for (null where absent). */
    public record StampedState(TokenState state, List<String> stamps) {
    }

    /**
     * A fill's state as read when it took the region fill lock: the tokens, their state, and the raw values of
     * {@link #stateKeys} in that order ("0" where absent), which a fenced store compares before it writes.
     */
    public record StateRead(List<String> tokens, TokenState state, List<String> raw) {
    }

    /** The entry stored under {@code storageKey} (a key or a variant key), null when none. */
    public CacheEntry get(String storageKey) {
        return RedisAccess.await(getAsync(storageKey));
    }

    /** {@link #get} without blocking (the entry, or null inside the Uni). */
    public Uni<CacheEntry> getAsync(String storageKey) {
        return redis.sendAsync(Request.cmd(Command.GET).arg(RedisKeys.entry(storageKey)))
                .map(raw -> raw == null ? null : EntryCodec.decode(raw.toBytes()));
    }

    /** Like {@link #get} plus the entry's stamp, atomically (one MGET). */
    public StampedEntry getStamped(String storageKey) {
        return RedisAccess.await(getStampedAsync(storageKey));
    }

    /** {@link #getStamped} without blocking. */
    public Uni<StampedEntry> getStampedAsync(String storageKey) {
        return redis.sendAsync(Request.cmd(Command.MGET).arg(RedisKeys.entry(storageKey))
                .arg(RedisKeys.stamp(storageKey))).map(values -> {
                    Response raw = values.get(0);
                    if (raw == null) {
                        return new StampedEntry(null, null);
                    }
                    Response stamp = values.get(1);
                    return new StampedEntry(EntryCodec.decode(raw.toBytes()), stamp == null ? null : stamp.toString());
                });
    }

    /** One MGET: both generations of every token plus the key's minimum versions. */
    public TokenState state(String key, List<String> tokens) {
        return RedisAccess.await(stateAsync(key, tokens));
    }

    /** {@link #state} without blocking. */
    public Uni<TokenState> stateAsync(String key, List<String> tokens) {
        return redis.sendAsync(stateRequest(key, tokens)).map(values -> tokenState(tokens, values));
    }

    /** {@link #state} and the stamps of {@code storageKeys} in the same MGET. */
    public StampedState stateStamped(String key, List<String> tokens, List<String> storageKeys) {
        return RedisAccess.await(stateStampedAsync(key, tokens, storageKeys));
    }

    /** {@link #stateStamped} without blocking. */
    public Uni<StampedState> stateStampedAsync(String key, List<String> tokens, List<String> storageKeys) {
        Request mget = stateRequest(key, tokens);
        for (String storageKey : storageKeys) {
            mget.arg(RedisKeys.stamp(storageKey));
        }
        return redis.sendAsync(mget).map(values -> {
            int base = 2 * tokens.size() + 2;
            List<String> stamps = new ArrayList<>(storageKeys.size());
            for (int i = 0; i < storageKeys.size(); i++) {
                Response r = values.get(base + i);
                stamps.add(r == null ? null : r.toString());
            }
            return new StampedState(tokenState(tokens, values), stamps);
        });
    }

    /** The keys of {@link #state}, in its order: hard generations, soft generations, minimum versions. */
    static List<String> stateKeys(String key, List<String> tokens) {
        List<String> keys = new ArrayList<>(2 * tokens.size() + 2);
        tokens.forEach(t -> keys.add(RedisKeys.hard(t)));
        tokens.forEach(t -> keys.add(RedisKeys.soft(t)));
        keys.add(RedisKeys.minVersionHard(key));
        keys.add(RedisKeys.minVersionSoft(key));
        return keys;
    }

    private static Request stateRequest(String key, List<String> tokens) {
        Request mget = Request.cmd(Command.MGET);
        stateKeys(key, tokens).forEach(mget::arg);
        return mget;
    }

    /** The state read from the values of {@link #stateKeys}, in its order (absent or not a number: 0). */
    static TokenState tokenState(List<String> tokens, List<String> raw) {
        int n = tokens.size();
        Map<String, Long> hard = new HashMap<>();
        Map<String, Long> soft = new HashMap<>();
        for (int i = 0; i < n; i++) {
            hard.put(tokens.get(i), RedisAccess.number(raw.get(i)));
            soft.put(tokens.get(i), RedisAccess.number(raw.get(n + i)));
        }
        return new TokenState(hard, soft, RedisAccess.number(raw.get(2 * n)), RedisAccess.number(raw.get(2 * n + 1)));
    }

    private static TokenState tokenState(List<String> tokens, Response values) {
        int n = 2 * tokens.size() + 2;
        List<String> raw = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Response r = values.get(i);
            raw.add(r == null ? null : r.toString());
        }
        return tokenState(tokens, raw);
    }

    /**
     * Stores the entry until its stale windows plus {@code retain} have passed. A varying entry is written twice:
     * under its variant key, and under its key as the latest variant, which tells lookups what it varies on.
     */
    public void put(CacheEntry entry, long now, Duration retain) {
        RedisAccess.await(putAsync(entry, now, retain));
    }

    /** {@link #put} without blocking: the stamp written. */
    public Uni<String> putAsync(CacheEntry entry, long now, Duration retain) {
        return putAsync(entry, now, retain, NO_L1);
    }

    /**
     * {@link #putAsync} that also keeps the entry in this replica's L1 with the stamp it writes, unless an
     * invalidation reached L1 since {@code l1Epoch} ({@link L1Cache#epoch}, taken before the entry's state was read;
     * {@link #NO_L1}: not kept). It goes to L1 before the write, so that the write's own coherence message (which
     * carries the stamp) leaves it there.
     */
    public Uni<String> putAsync(CacheEntry entry, long now, Duration retain, long l1Epoch) {
        long expireMs = expireMs(entry, now, retain);
        byte[] bytes = EntryCodec.encode(entry);
        Request eval = StoreScripts.PUT.evalsha().arg(entry.variantKey() == null ? 2 : 4)
                .arg(RedisKeys.entry(entry.key())).arg(RedisKeys.stamp(entry.key()));
        if (entry.variantKey() != null) {
            eval.arg(RedisKeys.entry(entry.variantKey())).arg(RedisKeys.stamp(entry.variantKey()));
        }
        String stamp = newStamp();
        eval.arg(bytes).arg(expireMs).arg(stamp).arg(written(entry, stamp));
        boolean kept = keep(entry, stamp, l1Epoch);
        return redis.sendAsync(eval).map(r -> stamp).onItemOrFailure().invoke((r, failure) -> {
            if (!kept || failure != null) {
                dropLocal(entry);
            }
        });
    }

    /**
     * Like {@link #put} but fenced by the region fill lock of {@code lockKey}: stored only while the lock still
     * holds {@code owner} (atomic compare-then-SET). False when the lease was lost (expired, taken over).
     */
    public boolean putFenced(CacheEntry entry, long now, Duration retain, String lockKey, String owner) {
        return putFenced(entry, now, retain, lockKey, owner, false);
    }

    /** {@link #putFenced} that also releases the lock once stored when {@code release}. */
    public boolean putFenced(CacheEntry entry, long now, Duration retain, String lockKey, String owner,
            boolean release) {
        return RedisAccess.await(putFencedAsync(entry, now, retain, lockKey, owner, release)) != null;
    }

    /** {@link #putFenced} without blocking: the stamp written, or null (inside the Uni) when the lease was lost. */
    public Uni<String> putFencedAsync(CacheEntry entry, long now, Duration retain, String lockKey, String owner,
            boolean release) {
        return putFencedAsync(entry, now, retain, lockKey, owner, release, NO_L1);
    }

    /** {@link #putFencedAsync} keeping the entry in L1 as {@link #putAsync(CacheEntry, long, Duration, long)} does. */
    public Uni<String> putFencedAsync(CacheEntry entry, long now, Duration retain, String lockKey, String owner,
            boolean release, long l1Epoch) {
        return putFencedAsync(entry, now, retain, lockKey, owner, release, l1Epoch, List.of(), List.of());
    }

    /**
     * {@link #putFencedAsync(CacheEntry, long, Duration, String, String, boolean, long)} that writes only while the
     * state {@code unchanged} was read still holds (compare-and-set, one round trip): the stamp written, null when
     * the lease was lost, {@link #STATE_CHANGED} when an invalidation or a minimum version changed the state since.
     */
    public Uni<String> putFencedAsync(CacheEntry entry, long now, Duration retain, String lockKey, String owner,
            boolean release, long l1Epoch, StateRead unchanged) {
        return putFencedAsync(entry, now, retain, lockKey, owner, release, l1Epoch,
                stateKeys(entry.key(), unchanged.tokens()), unchanged.raw());
    }

    private Uni<String> putFencedAsync(CacheEntry entry, long now, Duration retain, String lockKey, String owner,
            boolean release, long l1Epoch, List<String> stateKeys, List<String> expected) {
        long expireMs = expireMs(entry, now, retain);
        byte[] bytes = EntryCodec.encode(entry);
        Request eval = StoreScripts.FENCED_PUT.evalsha()
                .arg((entry.variantKey() == null ? 3 : 5) + stateKeys.size())
                .arg(RedisKeys.fillLock(lockKey)).arg(RedisKeys.entry(entry.key())).arg(RedisKeys.stamp(entry.key()));
        if (entry.variantKey() != null) {
            eval.arg(RedisKeys.entry(entry.variantKey())).arg(RedisKeys.stamp(entry.variantKey()));
        }
        stateKeys.forEach(eval::arg);
        String stamp = newStamp();
        eval.arg(owner).arg(bytes).arg(expireMs).arg(stamp).arg(written(entry, stamp)).arg(release ? "1" : "0")
                .arg(stateKeys.size());
        expected.forEach(eval::arg);
        boolean kept = keep(entry, stamp, l1Epoch);
        return redis.sendAsync(eval).map(r -> switch ((int) RedisAccess.number(r)) {
            case 1 -> stamp;
            case 2 -> STATE_CHANGED;
            default -> null;
        }).onItemOrFailure().invoke((r, failure) -> {
            if (!kept || failure != null || r == null || r == STATE_CHANGED) {
                dropLocal(entry); // not stored: the copy kept in L1 is not the region's
            }
        });
    }

    /** {@link #putAsync}'s L1 copy: false when not kept (then the older copies are dropped after the write). */
    private boolean keep(CacheEntry entry, String stamp, long l1Epoch) {
        if (l1Epoch == NO_L1 || !l1.put(entry.key(), entry, stamp, l1Epoch)) {
            return false;
        }
        return entry.variantKey() == null || l1.put(entry.variantKey(), entry, stamp, l1Epoch);
    }

    private void dropLocal(CacheEntry entry) {
        l1.invalidate(entry.key());
        if (entry.variantKey() != null) {
            l1.invalidate(entry.variantKey());
        }
    }

    private static String newStamp() {
        return STAMP_PREFIX + STAMPS.incrementAndGet();
    }

    /** The coherence message of a store of {@code entry}: its storage keys were rewritten with {@code stamp}. */
    private static String written(CacheEntry entry, String stamp) {
        List<String> storageKeys = entry.variantKey() == null ? List.of(entry.key())
                : List.of(entry.key(), entry.variantKey());
        return RegionCoherence.message(storageKeys, List.of(), List.of()) + "\nw " + stamp;
    }

    private static long expireMs(CacheEntry entry, long now, Duration retain) {
        long sie = entry.directives().staleIfError().orElse(0);
        long until = Math.max(entry.staleUntil(), entry.freshUntil() + Math.min(sie, 86_400) * 1000);
        return Math.max(1000, until - now + retain.toMillis());
    }
}
