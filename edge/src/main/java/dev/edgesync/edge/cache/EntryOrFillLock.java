package dev.edgesync.edge.cache;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * A plain miss's lookup and its turn at the region fill lock in one round trip: reads the key's entry and stamp;
 * when there is none, does what {@link FillLock#takeFillAsync} does (take the lock when free, read the region
 * sequence and, for the lock's new holder, the state the fill is judged against). A cold miss is then this script
 * and the fenced store: 2 Redis round trips instead of 3 ({@link StoreScripts#FILL_TAKE} asked for the entry first).
 */
public final class EntryOrFillLock {
    /** The entry (with its stamp, null when it has none) or, when there was none, the lock's turn. */
    public record Answer(EntryStore.StampedEntry entry, FillLock.FillTake take) {
    }

    private EntryOrFillLock() {
    }

    /**
     * @param key the request's key (its entry, and the state keys of {@code tokens})
     * @param lockKey the fill lock's key (the key itself for a plain miss)
     */
    public static Uni<Answer> run(RedisAccess redis, String key, String lockKey, String owner, Duration lease,
            List<String> tokens) {
        List<String> stateKeys = EntryStore.stateKeys(key, tokens);
        return redis.sendAsync(FillLock.fillTake(lockKey, key, stateKeys).arg(owner).arg(lease.toMillis()).arg("entry"))
                .map(r -> answer(r, tokens, stateKeys.size()));
    }

    private static Answer answer(Response r, List<String> tokens, int stateKeys) {
        String first = r.get(0).toString();
        if (first.equals("entry")) {
            String stamp = r.get(2).toString();
            return new Answer(new EntryStore.StampedEntry(EntryCodec.decode(r.get(1).toBytes()),
                    stamp.isEmpty() ? null : stamp), null);
        }
        EntryStore.StateRead state = FillLock.stateRead(r, tokens, stateKeys);
        return new Answer(new EntryStore.StampedEntry(null, null),
                new FillLock.FillTake(first, RedisAccess.number(r.get(1)), state));
    }
}
