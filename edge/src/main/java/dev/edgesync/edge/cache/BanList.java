package dev.edgesync.edge.cache;

import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.events.PathPattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The region's pattern purges (bans, as Varnish calls them), consulted when an entry is judged: an entry whose key
 * matches a ban applied after it was stored is invalid (hard ban) or stale (soft ban). Nothing is scanned when a ban
 * is applied; a lookup checks only the bans newer than its entry, newest first.
 *
 * <p>An entry stored up to {@code graceMs} after a ban still counts as older than it: a fill that began before the
 * ban may store its response after it ({@code graceMs} is the origin timeout, the longest a fill's response can
 * take). A ban is dropped ({@link #trimmed}) once no entry stored before it can remain.
 */
public final class BanList {
    /** One ban: the pattern, whether it removes (hard) or marks stale (soft), and when the region applied it. */
    public record Ban(PathPattern pattern, boolean hard, long appliedAt) {
    }

    public static final BanList EMPTY = new BanList(List.of(), 0);

    /**
     * The bans in force in this replica's region, set by the invalidation layer and read by {@link EntryValidity}:
     * one region-wide fact, like the clock, so the read path needs no extra step.
     */
    private static volatile BanList active = EMPTY;

    private final List<Ban> newestFirst;
    private final long graceMs;

    public BanList(Collection<Ban> bans, long graceMs) {
        List<Ban> sorted = new ArrayList<>(bans);
        sorted.sort(Comparator.comparingLong(Ban::appliedAt).reversed());
        this.newestFirst = List.copyOf(sorted);
        this.graceMs = graceMs;
    }

    public static BanList active() {
        return active;
    }

    public static void activate(BanList bans) {
        active = bans;
    }

    /** {@code validity} as the bans leave it for an entry of {@code key} stored at {@code storedAt}. */
    public Validity judge(String key, long storedAt, Validity validity) {
        if (validity == null || validity == Validity.INVALID || newestFirst.isEmpty()) {
            return validity;
        }
        boolean stale = false;
        for (Ban ban : newestFirst) {
            if (ban.appliedAt() + graceMs <= storedAt) {
                break; // this ban and every older one came before the entry
            }
            if (ban.pattern().matches(key)) {
                if (ban.hard()) {
                    return Validity.INVALID;
                }
                stale = true;
            }
        }
        return stale && validity == Validity.FRESH ? Validity.STALE : validity;
    }

    /** The bans still needed at {@code now}: those applied less than {@code retentionMs} ago. */
    public BanList trimmed(long now, long retentionMs) {
        return new BanList(newestFirst.stream().filter(b -> b.appliedAt() + retentionMs > now).toList(), graceMs);
    }

    public List<Ban> bans() {
        return newestFirst;
    }

    public int size() {
        return newestFirst.size();
    }
}
