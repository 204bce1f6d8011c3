package dev.edgesync.edge.cache;

/**
 * The rules that decide what a stored entry is worth right now, and whether a just-fetched response may be
 * stored as fresh. No I/O: callers read the {@link TokenState} from the store; the region's pattern purges
 * ({@link BanList#active()}) are consulted last.
 *
 * <p>Generations are compared by equality with the snapshot taken when the entry was stored (any change means an
 * invalidation was applied since). Generations are stamped from a region-wide sequence that only grows, so "was
 * applied after the fill started" is {@code generation > fillStartSeq}.
 */
public final class EntryValidity {

    private EntryValidity() {
    }

    /**
     * What a stored entry is worth now by its invalidations and its age alone, whatever the request asks
     * ({@link ReusePolicy.Reuse} adds the request's and the response's directives).
     */
    public enum Validity {
        /** Serve as HIT. */
        FRESH,
        /** Serve as STALE and revalidate in the background (soft-invalidated, or within stale-while-revalidate). */
        STALE,
        /** Past the stale window: revalidate synchronously (conditionally when there is an ETag). */
        EXPIRED,
        /** Hard-invalidated or below the hard minimum version: must not be served, treat as a miss. */
        INVALID
    }

    public static Validity judge(CacheEntry entry, TokenState state, long now) {
        return BanList.active().judge(entry.key(), entry.storedAt(), judgeByState(entry, state, now));
    }

    private static Validity judgeByState(CacheEntry entry, TokenState state, long now) {
        if (hardInvalidated(entry, state) || entry.version() < state.minVersionHard()) {
            return Validity.INVALID;
        }
        if (now >= entry.staleUntil()) {
            return Validity.EXPIRED;
        }
        if (softInvalidated(entry, state)) {
            return Validity.STALE;
        }
        return now < entry.freshUntil() ? Validity.FRESH : Validity.STALE;
    }

    /**
     * The verdict for an entry no invalidation reached since it was judged {@link Validity#FRESH} (an L1 copy while
     * the region's coherence feed is current): only time moves it on.
     */
    public static Validity judgeUnchanged(CacheEntry entry, long now) {
        if (now >= entry.staleUntil()) {
            return Validity.EXPIRED;
        }
        return !entry.markedStale() && now < entry.freshUntil() ? Validity.FRESH : Validity.STALE;
    }

    static boolean hardInvalidated(CacheEntry entry, TokenState state) {
        for (String token : entry.tokens()) {
            if (state.hard(token) != entry.hardSnapshot().getOrDefault(token, 0L)) {
                return true;
            }
        }
        return false;
    }

    static boolean softInvalidated(CacheEntry entry, TokenState state) {
        if (entry.markedStale() || entry.version() < state.minVersionSoft()) {
            return true;
        }
        for (String token : entry.tokens()) {
            if (state.soft(token) != entry.softSnapshot().getOrDefault(token, 0L)) {
                return true;
            }
        }
        return false;
    }

    /** How a just-fetched response may be stored (not an entry's worth, as {@link Validity}): as fresh, stale, or not. */
    public enum FillVerdict {
        /** Nothing was applied during the fill: store as fresh. */
        STORE_FRESH,
        /** A soft invalidation of one of its tokens was applied during the fill: store it, but already stale. */
        STORE_STALE,
        /** A hard invalidation was applied during the fill: the response may predate it; fetch again. */
        HARD_RACED,
        /** The response is older than the minimum soft version: fetch again (may be served marked STALE). */
        BEHIND_SOFT,
        /** The response is older than the minimum hard version: fetch again, never serve it. */
        BEHIND_HARD;

        public boolean retry() {
            return this == HARD_RACED || this == BEHIND_SOFT || this == BEHIND_HARD;
        }
    }

    /**
     * Judges a fill that started when the region sequence was {@code fillStartSeq} and whose response has content
     * version {@code version} and depends on {@code tokens}; {@code state} was read after the response arrived.
     */
    public static FillVerdict judgeFill(long version, Iterable<String> tokens, TokenState state, long fillStartSeq) {
        if (version < state.minVersionHard()) {
            return FillVerdict.BEHIND_HARD;
        }
        if (version < state.minVersionSoft()) {
            return FillVerdict.BEHIND_SOFT;
        }
        boolean softRaced = false;
        for (String token : tokens) {
            if (state.hard(token) > fillStartSeq) {
                return FillVerdict.HARD_RACED;
            }
            softRaced |= state.soft(token) > fillStartSeq;
        }
        return softRaced ? FillVerdict.STORE_STALE : FillVerdict.STORE_FRESH;
    }
}
