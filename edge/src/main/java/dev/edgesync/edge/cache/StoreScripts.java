package dev.edgesync.edge.cache;

import java.util.List;

/**
 * The store's Lua scripts ({@code lua/<name>.lua}, read once: {@link LuaScript}), each with the keys and arguments it
 * takes. One place, so that {@link RedisAccess} loads every one of them when the edge starts.
 */
public final class StoreScripts {

    /**
     * Stamps generations with a new region sequence value, raises minimum versions, deletes removed entries, and
     * tells the replicas' L1s ({@link RegionCoherence}, ARGV[5]) in the same script.
     */
    public static final LuaScript APPLY = LuaScript.load("apply");

    /** The current region sequence: every generation stamped after this call is strictly greater. */
    static final LuaScript FILL_START = LuaScript.load("fill-start");

    /** Takes the fill lock when free: returns ARGV[1] (the caller's fill owner) when taken, else the holder's value. */
    static final LuaScript FILL_LOCK = LuaScript.load("fill-lock");

    /**
     * A miss's turn in one round trip (a waiter also marks the lock as awaited: {@link RedisKeys#fillWaiters}). KEYS:
     * fill lock, region sequence, entry, its stamp, then the state keys ({@link EntryStore#stateKeys}); ARGV: owner,
     * lease ms, what to check first: {@code entry} answers {'entry', value, stamp} when the entry exists (a plain
     * miss's lookup, {@link EntryOrFillLock}), {@code stored} answers {'stored'} when it exists (another fill
     * finished: look it up), {@code none} checks nothing. Otherwise takes the fill lock when free and answers
     * {holder, region sequence as {@link #FILL_START} reads it, the state values when the holder is the caller}.
     */
    static final LuaScript FILL_TAKE = LuaScript.load("fill-take");

    /** Renews the lease when still held by ARGV[1]: 1, else 0. */
    static final LuaScript FILL_RENEW = LuaScript.load("fill-renew");

    /** Releases the lock held by ARGV[1]: deleted, or replaced by {@code pass} for ARGV[2] ms when ARGV[2] > 0. */
    static final LuaScript FILL_RELEASE = LuaScript.load("fill-release");

    /**
     * Fenced store: writes the entry and its stamp (KEYS[2], KEYS[3], and KEYS[4], KEYS[5] for the variant copy
     * when given) only while KEYS[1] holds ARGV[1] and the fill's state is unchanged: the last ARGV[7] keys (none
     * for a plain fenced store) hold the values ARGV[8]... (read when the lock was taken); 2 (nothing written, lock
     * kept) when one changed. Then tells the replicas' L1s (ARGV[5]) and, when ARGV[6] is 1, releases the lock and
     * wakes the fill's waiters (the fill is done: one round trip for all).
     */
    static final LuaScript FENCED_PUT = LuaScript.load("fenced-put");

    /**
     * Store: the entry and its stamp (KEYS[1], KEYS[2], and KEYS[3], KEYS[4] for the variant copy), atomically, and
     * tells the replicas' L1s (ARGV[4]).
     */
    static final LuaScript PUT = LuaScript.load("put");

    /** Deletes KEYS[1] when it holds ARGV[1]: 1, else 0 (the revalidation lock's compare-and-delete). */
    static final LuaScript UNLOCK = LuaScript.load("unlock");

    private StoreScripts() {
    }

    /** Every script above. */
    static List<LuaScript> all() {
        return List.of(APPLY, FILL_START, FILL_LOCK, FILL_TAKE, FILL_RENEW, FILL_RELEASE,
                FENCED_PUT, PUT, UNLOCK);
    }
}
