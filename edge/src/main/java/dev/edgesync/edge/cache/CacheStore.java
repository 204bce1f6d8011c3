package dev.edgesync.edge.cache;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.invalidation.InvalidationPlan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All Redis I/O of the edge (layout in {@link RedisKeys}). Every call waits at most {@code edgesync.store.timeout}
 * and turns any failure into {@link StoreUnavailableException}.
 */
@ApplicationScoped
public class CacheStore {

    /**
     * Stamps generations with a new region sequence value, raises minimum versions, deletes removed entries, and
     * tells the replicas' L1s ({@link RegionCoherence}, ARGV[5]) in the same script.
     */
    static final LuaScript APPLY_SCRIPT = LuaScript.load("apply");

    /** The current region sequence: every generation stamped after this call is strictly greater. */
    static final LuaScript FILL_START_SCRIPT = LuaScript.load("fill-start");

    /** Takes the fill lock when free: returns ARGV[1] (the caller's owner value) when taken, else the holder's value. */
    static final LuaScript FILL_LOCK_SCRIPT = LuaScript.load("fill-lock");

    /**
     * A miss's turn in one round trip (a waiter also marks the lock as awaited: {@link RedisKeys#fillWaiters}): when
     * KEYS[3] (the entry) is given (ARGV[3] is 1) and exists, {'stored'} (another fill finished:
     * look it up); else takes the fill lock KEYS[1] when free, and returns {holder, region sequence} as
     * {@link #FILL_START_SCRIPT} reads it (KEYS[2]): the fill's start when the holder is the caller.
     */
    static final LuaScript FILL_TAKE_SCRIPT = LuaScript.load("fill-take");

    /** Holder value {@link #takeFill} answers when the entry already exists. */
    public static final String STORED = "stored";

    /** Renews the lease when still held by ARGV[1]: 1, else 0. */
    static final LuaScript FILL_RENEW_SCRIPT = LuaScript.load("fill-renew");

    /**
     * Fenced store: writes the entry and its stamp (KEYS[2], KEYS[3], and KEYS[4], KEYS[5] for the variant copy
     * when given) only while KEYS[1] holds ARGV[1] and the fill's state is unchanged: the last ARGV[7] keys (none
     * for a plain fenced store) hold the values ARGV[8]... (read when the lock was taken); 2 (nothing written, lock
     * kept) when one changed. Then tells the replicas' L1s (ARGV[5]) and, when ARGV[6] is 1, releases the lock and
     * wakes the fill's waiters (the fill is done: one round trip for all).
     */
    static final LuaScript FENCED_CAS_PUT_SCRIPT = LuaScript.load("fenced-put");

    /** What {@link #putFencedAsync(CacheEntry, long, Duration, String, String, boolean, long, StateRead)} answers
     *  when the state changed since it was read: nothing written. */
    public static final String STATE_CHANGED = "state-changed";

    /**
     * Store: the entry and its stamp (KEYS[1], KEYS[2], and KEYS[3], KEYS[4] for the variant copy), atomically, and
     * tells the replicas' L1s (ARGV[4]).
     */
    static final LuaScript PUT_SCRIPT = LuaScript.load("put");

    /** Unique per process and write: the value of an entry's stamp key. */
    private static final String STAMP_PREFIX = Long.toHexString(new java.security.SecureRandom().nextLong()) + ":";
    private static final java.util.concurrent.atomic.AtomicLong STAMPS = new java.util.concurrent.atomic.AtomicLong();

    /** Releases the lock held by ARGV[1]: deleted, or replaced by {@code pass} for ARGV[2] ms when ARGV[2] > 0. */
    static final LuaScript FILL_RELEASE_SCRIPT = LuaScript.load("fill-release");

    /** Deletes KEYS[1] when it holds ARGV[1]: 1, else 0. */
    static final LuaScript UNLOCK_SCRIPT = LuaScript.load("unlock");

    /** Value of a fill lock telling waiters that the key's last fill was not storable. */
    public static final String PASS = "pass";

    private final Redis redis;
    private final Duration timeout;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CacheStore.class);

    private final L1Cache l1;

    /** Whether this replica's connection to Redis is known to be alive (the coherence feed's subscription). */
    private final java.util.function.BooleanSupplier connected;

    @jakarta.inject.Inject
    public CacheStore(Redis redis, EdgeConfig config, L1Cache l1, RegionCoherence coherence) {
        this(redis, config, l1, coherence::subscribed);
    }

    private CacheStore(Redis redis, EdgeConfig config, L1Cache l1, java.util.function.BooleanSupplier connected) {
        this.redis = redis;
        this.timeout = config.store().timeout();
        this.l1 = l1;
        this.connected = connected;
    }

    /**
     * Loads every script into Redis when the edge starts, so the first misses do not spend their
     * {@code edgesync.store.timeout} on a {@code NOSCRIPT} and the reload (under load, a fresh replica answered them
     * BYPASS). A Redis that is down now is no reason not to start: the {@code NOSCRIPT} path loads them later.
     */
    void loadScriptsAtStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started) {
        java.util.Objects.requireNonNull(EntryOrFillLock.SCRIPT); // initialising its class registers its script
        try {
            loadScripts().await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.infof("Lua scripts not loaded at start (loaded on first use instead): %s", e.getMessage());
        }
    }

    /** A store without an L1 of its own (as another replica's store looks from here). */
    public CacheStore(Redis redis, EdgeConfig config) {
        this(redis, config, L1Cache.standalone(false, 0, Duration.ZERO), () -> false);
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

    /** Like {@link #get} plus the entry's stamp, atomically (one MGET). */
    public StampedEntry getStamped(String storageKey) {
        return await(getStampedAsync(storageKey));
    }

    /** {@link #getStamped} without blocking. */
    public Uni<StampedEntry> getStampedAsync(String storageKey) {
        return sendAsync(Request.cmd(Command.MGET).arg(RedisKeys.entry(storageKey))
                .arg(RedisKeys.stamp(storageKey))).map(values -> {
                    Response raw = values.get(0);
                    if (raw == null) {
                        return new StampedEntry(null, null);
                    }
                    Response stamp = values.get(1);
                    return new StampedEntry(EntryCodec.decode(raw.toBytes()), stamp == null ? null : stamp.toString());
                });
    }

    /** {@link #state} and the stamps of {@code storageKeys} in the same MGET. */
    public StampedState stateStamped(String key, List<String> tokens, List<String> storageKeys) {
        return await(stateStampedAsync(key, tokens, storageKeys));
    }

    /** {@link #stateStamped} without blocking. */
    public Uni<StampedState> stateStampedAsync(String key, List<String> tokens, List<String> storageKeys) {
        Request mget = stateRequest(key, tokens);
        for (String storageKey : storageKeys) {
            mget.arg(RedisKeys.stamp(storageKey));
        }
        return sendAsync(mget).map(values -> {
            int base = 2 * tokens.size() + 2;
            List<String> stamps = new ArrayList<>(storageKeys.size());
            for (int i = 0; i < storageKeys.size(); i++) {
                Response r = values.get(base + i);
                stamps.add(r == null ? null : r.toString());
            }
            return new StampedState(tokenState(tokens, values), stamps);
        });
    }

    /**
     * A fill's state as read when it took the region fill lock: the tokens, their state, and the raw values of
     * {@link #stateKeys} in that order ("0" where absent), which a fenced store compares before it writes.
     */
    public record StateRead(List<String> tokens, TokenState state, List<String> raw) {
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
        for (String token : tokens) {
            mget.arg(RedisKeys.hard(token));
        }
        for (String token : tokens) {
            mget.arg(RedisKeys.soft(token));
        }
        return mget.arg(RedisKeys.minVersionHard(key)).arg(RedisKeys.minVersionSoft(key));
    }

    static TokenState tokenState(List<String> tokens, List<String> raw) {
        int n = tokens.size();
        Map<String, Long> hard = new HashMap<>();
        Map<String, Long> soft = new HashMap<>();
        for (int i = 0; i < n; i++) {
            hard.put(tokens.get(i), number(raw.get(i)));
            soft.put(tokens.get(i), number(raw.get(n + i)));
        }
        return new TokenState(hard, soft, number(raw.get(2 * n)), number(raw.get(2 * n + 1)));
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static TokenState tokenState(List<String> tokens, Response values) {
        int n = tokens.size();
        Map<String, Long> hard = new HashMap<>();
        Map<String, Long> soft = new HashMap<>();
        for (int i = 0; i < n; i++) {
            hard.put(tokens.get(i), number(values.get(i)));
            soft.put(tokens.get(i), number(values.get(n + i)));
        }
        return new TokenState(hard, soft, number(values.get(2 * n)), number(values.get(2 * n + 1)));
    }

    private static String newStamp() {
        return STAMP_PREFIX + STAMPS.incrementAndGet();
    }

    private void dropLocal(CacheEntry entry) {
        l1.invalidate(entry.key());
        if (entry.variantKey() != null) {
            l1.invalidate(entry.variantKey());
        }
    }

    /** The entry stored under {@code storageKey} (a key or a variant key), null when none. */
    public CacheEntry get(String storageKey) {
        return await(getAsync(storageKey));
    }

    /** {@link #get} without blocking (the entry, or null inside the Uni). */
    public Uni<CacheEntry> getAsync(String storageKey) {
        return sendAsync(Request.cmd(Command.GET).arg(RedisKeys.entry(storageKey)))
                .map(raw -> raw == null ? null : EntryCodec.decode(raw.toBytes()));
    }

    /** One MGET: both generations of every token plus the key's minimum versions. */
    public TokenState state(String key, List<String> tokens) {
        return await(stateAsync(key, tokens));
    }

    /** {@link #state} without blocking. */
    public Uni<TokenState> stateAsync(String key, List<String> tokens) {
        return sendAsync(stateRequest(key, tokens)).map(values -> tokenState(tokens, values));
    }

    /** The region sequence at the start of a fill (see {@link EntryValidity#judgeFill}). */
    public long fillStart() {
        return await(fillStartAsync());
    }

    /** {@link #fillStart} without blocking. */
    public Uni<Long> fillStartAsync() {
        return sendAsync(script(FILL_START_SCRIPT).arg(1).arg(RedisKeys.SEQUENCE))
                .map(CacheStore::number);
    }

    /**
     * Stores the entry until its stale windows plus {@code retain} have passed. A varying entry is written twice:
     * under its variant key, and under its key as the latest variant, which tells lookups what it varies on.
     */
    /** {@link #putAsync}: the entry does not go to L1. */
    public static final long NO_L1 = Long.MIN_VALUE;

    public void put(CacheEntry entry, long now, Duration retain) {
        await(putAsync(entry, now, retain));
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
        Request eval = script(PUT_SCRIPT).arg(entry.variantKey() == null ? 2 : 4)
                .arg(RedisKeys.entry(entry.key())).arg(RedisKeys.stamp(entry.key()));
        if (entry.variantKey() != null) {
            eval.arg(RedisKeys.entry(entry.variantKey())).arg(RedisKeys.stamp(entry.variantKey()));
        }
        String stamp = newStamp();
        eval.arg(bytes).arg(expireMs).arg(stamp).arg(written(entry, stamp));
        boolean kept = keep(entry, stamp, l1Epoch);
        return sendAsync(eval).map(r -> stamp).onItemOrFailure().invoke((r, failure) -> {
            if (!kept || failure != null) {
                dropLocal(entry);
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
        return await(putFencedAsync(entry, now, retain, lockKey, owner, release)) != null;
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
        Request eval = script(FENCED_CAS_PUT_SCRIPT)
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
        return sendAsync(eval).map(r -> switch ((int) number(r)) {
            case 1 -> stamp;
            case 2 -> STATE_CHANGED;
            default -> null;
        }).onItemOrFailure().invoke((r, failure) -> {
            if (!kept || failure != null || r == null || r == STATE_CHANGED) {
                dropLocal(entry); // not stored: the copy kept in L1 is not the region's
            }
        });
    }

    /**
     * Tries to take the region fill lock of {@code key} for {@code lease}.
     *
     * @return {@code owner} when taken, otherwise the current holder's value ({@link #PASS} after an unstorable fill)
     */
    public String acquireFill(String key, String owner, Duration lease) {
        Response r = send(script(FILL_LOCK_SCRIPT).arg(1).arg(RedisKeys.fillLock(key))
                .arg(owner).arg(lease.toMillis()));
        return r == null ? "" : r.toString();
    }

    /** What {@link #takeFill} found: the lock's holder ({@link #STORED}: the entry exists) and the region sequence. */
    public record FillTake(String holder, long start, StateRead state) {
    }

    /**
     * {@link #acquireFill} and {@link #fillStart} in one round trip; with {@code entryKey} (a plain miss), answers
     * {@link #STORED} without taking the lock when that entry exists.
     */
    public FillTake takeFill(String key, String owner, Duration lease, String entryKey) {
        return await(takeFillAsync(key, owner, lease, entryKey));
    }

    /** {@link #takeFill} without blocking. */
    public Uni<FillTake> takeFillAsync(String key, String owner, Duration lease, String entryKey) {
        return takeFillAsync(key, owner, lease, entryKey, null, List.of());
    }

    /**
     * {@link #takeFill} that, when the lock is taken, also reads the state of {@code tokens} of {@code stateKey} in
     * the same script ({@link FillTake#state}): what the fill is judged against, read atomically with its start.
     */
    public Uni<FillTake> takeFillAsync(String key, String owner, Duration lease, String entryKey, String stateKey,
            List<String> tokens) {
        List<String> stateKeys = stateKey == null ? List.of() : stateKeys(stateKey, tokens);
        Request eval = script(FILL_TAKE_SCRIPT).arg((entryKey == null ? 2 : 3) + stateKeys.size())
                .arg(RedisKeys.fillLock(key)).arg(RedisKeys.SEQUENCE);
        if (entryKey != null) {
            eval.arg(RedisKeys.entry(entryKey));
        }
        stateKeys.forEach(eval::arg);
        return sendAsync(eval.arg(owner).arg(lease.toMillis()).arg(entryKey == null ? "0" : "1")).map(r -> {
            String holder = r.get(0).toString();
            StateRead state = null;
            if (!stateKeys.isEmpty() && r.size() == 2 + stateKeys.size()) {
                List<String> raw = new ArrayList<>(stateKeys.size());
                for (int i = 2; i < r.size(); i++) {
                    raw.add(r.get(i).toString());
                }
                state = new StateRead(List.copyOf(tokens), tokenState(tokens, raw), raw);
            }
            return new FillTake(holder, number(r.get(1)), state);
        });
    }

    /** Extends the lease of the fill lock while {@code owner} holds it; false when it was lost. */
    public boolean renewFill(String key, String owner, Duration lease) {
        return await(renewFillAsync(key, owner, lease));
    }

    /** {@link #renewFill} without blocking. */
    public Uni<Boolean> renewFillAsync(String key, String owner, Duration lease) {
        return sendAsync(script(FILL_RENEW_SCRIPT).arg(1).arg(RedisKeys.fillLock(key))
                .arg(owner).arg(lease.toMillis())).map(r -> number(r) == 1);
    }

    /** Releases the fill lock if {@code owner} still holds it, leaving a {@link #PASS} marker for {@code passFor}. */
    public boolean releaseFill(String key, String owner, Duration passFor) {
        return await(releaseFillAsync(key, owner, passFor));
    }

    /** {@link #releaseFill} without blocking. */
    public Uni<Boolean> releaseFillAsync(String key, String owner, Duration passFor) {
        return sendAsync(script(FILL_RELEASE_SCRIPT).arg(1).arg(RedisKeys.fillLock(key))
                .arg(owner).arg(passFor.toMillis())).map(r -> number(r) == 1);
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

    public boolean tryLock(String key, String owner, Duration ttl) {
        return await(tryLockAsync(key, owner, ttl));
    }

    /** Takes the revalidation lock {@code lk:<key>} for {@code owner} when free (SET NX PX), without blocking. */
    public Uni<Boolean> tryLockAsync(String key, String owner, Duration ttl) {
        return sendAsync(Request.cmd(Command.SET).arg(RedisKeys.revalidationLock(key)).arg(owner)
                .arg("NX").arg("PX").arg(ttl.toMillis())).map(r -> r != null && "OK".equalsIgnoreCase(r.toString()));
    }

    /**
     * Releases the revalidation lock only while {@code owner} holds it (compare-and-delete): a revalidation that
     * outlived its lock must not release the lock another revalidation took since. True when released.
     */
    public boolean unlock(String key, String owner) {
        return number(send(script(UNLOCK_SCRIPT).arg(1).arg(RedisKeys.revalidationLock(key))
                .arg(owner))) == 1;
    }

    /** Applies an invalidation atomically; returns the sequence value it stamped. */
    public long apply(InvalidationPlan plan) {
        return await(applyAsync(plan));
    }

    /** {@link #apply} without blocking. */
    public Uni<Long> applyAsync(InvalidationPlan plan) {
        Request eval = script(APPLY_SCRIPT);
        List<String> keys = new ArrayList<>();
        keys.add(RedisKeys.SEQUENCE);
        keys.addAll(plan.generationKeys());
        keys.addAll(plan.minVersionKeys());
        List<String> deletes = new ArrayList<>(plan.deleteKeys());
        List<String> deleted = new ArrayList<>();
        List<String> raised = new ArrayList<>();
        List<String> bumped = new ArrayList<>();
        for (String key : plan.deleteKeys()) {
            if (key.startsWith("e:")) {
                String storageKey = key.substring(2);
                deletes.add(RedisKeys.stamp(storageKey));
                deleted.add(storageKey);
            }
        }
        for (String mv : plan.minVersionKeys()) {
            if (mv.startsWith("mv:h:") || mv.startsWith("mv:s:")) {
                raised.add(mv.substring(5));
            }
        }
        for (String g : plan.generationKeys()) {
            if (g.startsWith("g:h:") || g.startsWith("g:s:")) {
                bumped.add(g.substring(4));
            }
        }
        keys.addAll(deletes);
        eval.arg(keys.size());
        keys.forEach(eval::arg);
        eval.arg(plan.generationKeys().size()).arg(plan.minVersionKeys().size()).arg(deletes.size())
                .arg(plan.version()).arg(RegionCoherence.message(deleted, raised, bumped));
        return sendAsync(eval).map(CacheStore::number).onTermination().invoke(() -> {
            // this replica applied it: drop its own copies at once (the others through the published message)
            l1.invalidateStorageKeys(deleted);
            l1.invalidateKeys(raised);
            l1.invalidateTokens(bumped);
        });
    }

    private Response send(Request request) {
        return await(sendAsync(request));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely(); // sendAsync bounds the wait
    }

    /**
     * One command, answered within {@code edgesync.store.timeout} or failed with {@link StoreTimeoutException} (no
     * answer while this replica's connection is alive) or {@link StoreUnavailableException} (anything else).
     */
    Uni<Response> sendAsync(Request request) {
        Uni<Response> sent;
        try {
            // a script unknown to Redis (restarted, flushed): load them all, then the same EVALSHA again
            sent = redis.send(request).onFailure(CacheStore::noScript)
                    .recoverWithUni(e -> loadScripts().flatMap(loaded -> redis.send(request)));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new StoreUnavailableException("Redis unavailable: " + e.getMessage(), e));
        }
        return sent.ifNoItem().after(timeout).failWith(this::late)
                .onFailure(e -> !(e instanceof StoreUnavailableException))
                .transform(e -> new StoreUnavailableException("Redis unavailable: " + e.getMessage(), e));
    }

    /** {@code EVALSHA} of one of the store's scripts (resources under {@code lua/}, read once: {@link LuaScript}). */
    static Request script(LuaScript script) {
        return script.evalsha();
    }

    private static boolean noScript(Throwable e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    private Uni<Void> loadScripts() {
        List<Uni<Response>> loads = new ArrayList<>();
        LuaScript.loaded().forEach(script -> loads.add(redis.send(script.scriptLoad())));
        return Uni.join().all(loads).andFailFast().replaceWithVoid();
    }

    private StoreUnavailableException late() {
        if (!connected.getAsBoolean()) {
            return new StoreUnavailableException("Redis unreachable: no answer within " + timeout.toMillis()
                    + " ms and no live connection", null);
        }
        // the feed's connection is alive: Redis is slow (or this JVM is starved), not down
        return new StoreTimeoutException("Redis did not answer within " + timeout.toMillis() + " ms", null);
    }

    /**
     * Extends the fill lock's lease without waiting for the answer (a timer keeps a running fill's lock alive);
     * a failure is ignored: the next renewal or the fenced store tells.
     */
    public void renewFillLater(String key, String owner, Duration lease) {
        sendAsync(script(FILL_RENEW_SCRIPT).arg(1).arg(RedisKeys.fillLock(key))
                .arg(owner).arg(lease.toMillis())).subscribe().with(r -> {
                }, e -> {
                });
    }

    private static long number(Response r) {
        if (r == null) {
            return 0;
        }
        try {
            return Long.parseLong(r.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
