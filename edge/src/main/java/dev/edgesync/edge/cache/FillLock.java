package dev.edgesync.edge.cache;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The region-wide fill lock of a miss ({@link RedisKeys#fillLock}, value: the filler's fill owner, PX lease):
 * take it (with the region sequence the fill starts at), renew it, release it. Its holder stores with
 * {@link EntryStore#putFencedAsync}, which writes only while the lock still holds the owner.
 */
@ApplicationScoped
public class FillLock {

    /** Holder value {@link #takeFill} answers when the entry already exists. */
    public static final String STORED = "stored";

    /** Value of a fill lock telling waiters that the key's last fill was not storable. */
    public static final String PASS = "pass";

    private final RedisAccess redis;

    public FillLock(RedisAccess redis) {
        this.redis = redis;
    }

    /** What {@link #takeFill} found: the lock's holder ({@link #STORED}: the entry exists) and the region sequence. */
    public record FillTake(String holder, long start, EntryStore.StateRead state) {
    }

    /** The region sequence at the start of a fill (see {@link EntryValidity#judgeFill}). */
    public long fillStart() {
        return RedisAccess.await(fillStartAsync());
    }

    /** {@link #fillStart} without blocking. */
    public Uni<Long> fillStartAsync() {
        return redis.sendAsync(StoreScripts.FILL_START.evalsha().arg(1).arg(RedisKeys.SEQUENCE))
                .map(RedisAccess::number);
    }

    /**
     * Tries to take the region fill lock of {@code key} for {@code lease}.
     *
     * @return {@code owner} when taken, otherwise the current holder's value ({@link #PASS} after an unstorable fill)
     */
    public String acquireFill(String key, String owner, Duration lease) {
        Response r = redis.send(StoreScripts.FILL_LOCK.evalsha().arg(1).arg(RedisKeys.fillLock(key))
                .arg(owner).arg(lease.toMillis()));
        return r == null ? "" : r.toString();
    }

    /**
     * {@link #acquireFill} and {@link #fillStart} in one round trip; with {@code entryKey} (a plain miss), answers
     * {@link #STORED} without taking the lock when that entry exists.
     */
    public FillTake takeFill(String key, String owner, Duration lease, String entryKey) {
        return RedisAccess.await(takeFillAsync(key, owner, lease, entryKey));
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
        List<String> stateKeys = stateKey == null ? List.of() : EntryStore.stateKeys(stateKey, tokens);
        Request eval = fillTake(key, entryKey == null ? key : entryKey, stateKeys);
        return redis.sendAsync(eval.arg(owner).arg(lease.toMillis()).arg(entryKey == null ? "none" : "stored"))
                .map(r -> new FillTake(r.get(0).toString(), RedisAccess.number(r.get(1)), stateRead(r, tokens,
                        stateKeys.size())));
    }

    /**
     * {@link StoreScripts#FILL_TAKE} with its keys: the fill lock of {@code lockKey}, the region sequence, the entry
     * and stamp of {@code entryKey}, then {@code stateKeys}; the caller adds ARGV (owner, lease ms, what to check).
     */
    static Request fillTake(String lockKey, String entryKey, List<String> stateKeys) {
        Request eval = StoreScripts.FILL_TAKE.evalsha().arg(4 + stateKeys.size()).arg(RedisKeys.fillLock(lockKey))
                .arg(RedisKeys.SEQUENCE).arg(RedisKeys.entry(entryKey)).arg(RedisKeys.stamp(entryKey));
        stateKeys.forEach(eval::arg);
        return eval;
    }

    /** The state values a taken lock's answer carries after {holder, sequence}; null when it carries none. */
    static EntryStore.StateRead stateRead(Response r, List<String> tokens, int stateKeys) {
        if (stateKeys == 0 || r.size() != 2 + stateKeys) {
            return null;
        }
        List<String> raw = new ArrayList<>(stateKeys);
        for (int i = 2; i < r.size(); i++) {
            raw.add(r.get(i).toString());
        }
        return new EntryStore.StateRead(List.copyOf(tokens), EntryStore.tokenState(tokens, raw), raw);
    }

    /** Extends the lease of the fill lock while {@code owner} holds it; false when it was lost. */
    public boolean renewFill(String key, String owner, Duration lease) {
        return RedisAccess.await(renewFillAsync(key, owner, lease));
    }

    /** {@link #renewFill} without blocking. */
    public Uni<Boolean> renewFillAsync(String key, String owner, Duration lease) {
        return redis.sendAsync(renewal(key, owner, lease)).map(r -> RedisAccess.number(r) == 1);
    }

    /**
     * Extends the fill lock's lease without waiting for the answer (a timer keeps a running fill's lock alive);
     * a failure is ignored: the next renewal or the fenced store tells.
     */
    public void renewFillLater(String key, String owner, Duration lease) {
        redis.sendAsync(renewal(key, owner, lease)).subscribe().with(r -> {
        }, e -> {
        });
    }

    private static Request renewal(String key, String owner, Duration lease) {
        return StoreScripts.FILL_RENEW.evalsha().arg(1).arg(RedisKeys.fillLock(key)).arg(owner).arg(lease.toMillis());
    }

    /** Releases the fill lock if {@code owner} still holds it, leaving a {@link #PASS} marker for {@code passFor}. */
    public boolean releaseFill(String key, String owner, Duration passFor) {
        return RedisAccess.await(releaseFillAsync(key, owner, passFor));
    }

    /** {@link #releaseFill} without blocking. */
    public Uni<Boolean> releaseFillAsync(String key, String owner, Duration passFor) {
        return redis.sendAsync(StoreScripts.FILL_RELEASE.evalsha().arg(1).arg(RedisKeys.fillLock(key))
                .arg(owner).arg(passFor.toMillis())).map(r -> RedisAccess.number(r) == 1);
    }
}
