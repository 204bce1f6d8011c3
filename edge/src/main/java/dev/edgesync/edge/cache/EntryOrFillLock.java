package dev.edgesync.edge.cache;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain miss's lookup and its turn at the region fill lock in one round trip: reads the key's entry and stamp;
 * when there is none, does what {@link CacheStore#takeFillAsync} does (take the lock when free, read the region
 * sequence and, for the lock's new holder, the state the fill is judged against). A cold miss is then this script
 * and the fenced store: 2 Redis round trips instead of 3.
 */
public final class EntryOrFillLock {
    /**
     * KEYS: entry, stamp, fill lock, region sequence, then the state keys ({@link CacheStore#stateKeys}); ARGV: owner,
     * lease ms. {'entry', value, stamp} when the entry exists, else {holder, sequence, state values when the holder
     * is the caller...}; a waiter marks the lock as awaited (as {@code lua/fill-take.lua}).
     */
    static final LuaScript SCRIPT = LuaScript.load("entry-or-fill-lock");

    /** The entry (with its stamp, null when it has none) or, when there was none, the lock's turn. */
    public record Answer(CacheStore.StampedEntry entry, CacheStore.FillTake take) {
    }

    private EntryOrFillLock() {
    }

    /**
     * @param key the request's key (its entry, and the state keys of {@code tokens})
     * @param lockKey the fill lock's key (the key itself for a plain miss)
     */
    public static Uni<Answer> run(CacheStore store, String key, String lockKey, String owner, Duration lease,
            List<String> tokens) {
        List<String> stateKeys = CacheStore.stateKeys(key, tokens);
        var eval = CacheStore.script(SCRIPT).arg(4 + stateKeys.size()).arg(RedisKeys.entry(key))
                .arg(RedisKeys.stamp(key)).arg(RedisKeys.fillLock(lockKey)).arg(RedisKeys.SEQUENCE);
        stateKeys.forEach(eval::arg);
        return store.sendAsync(eval.arg(owner).arg(lease.toMillis())).map(r -> answer(r, tokens, stateKeys.size()));
    }

    private static Answer answer(Response r, List<String> tokens, int stateKeys) {
        String first = r.get(0).toString();
        if (first.equals("entry")) {
            String stamp = r.get(2).toString();
            return new Answer(new CacheStore.StampedEntry(EntryCodec.decode(r.get(1).toBytes()),
                    stamp.isEmpty() ? null : stamp), null);
        }
        CacheStore.StateRead state = null;
        if (stateKeys > 0 && r.size() == 2 + stateKeys) {
            List<String> raw = new ArrayList<>(stateKeys);
            for (int i = 2; i < r.size(); i++) {
                raw.add(r.get(i).toString());
            }
            state = new CacheStore.StateRead(List.copyOf(tokens), CacheStore.tokenState(tokens, raw), raw);
        }
        long start;
        try {
            start = Long.parseLong(r.get(1).toString());
        } catch (NumberFormatException e) {
            start = 0;
        }
        return new Answer(new CacheStore.StampedEntry(null, null), new CacheStore.FillTake(first, start, state));
    }
}
