package dev.edgesync.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.events.PathPattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The region's pattern purges (bans, as Varnish calls them), consulted when an entry is judged: an entry whose key
 * matches a ban applied after it was stored is invalid (hard ban) or stale (soft ban). Nothing is scanned when a ban
 * is applied; a lookup checks only the bans newer than its entry that can match its path.
 *
 * <p>An entry stored up to {@code graceMs} after a ban still counts as older than it: a fill that began before the
 * ban may store its response after it ({@code graceMs} is the origin timeout, the longest a fill's response can
 * take). A ban is dropped ({@link #trimmed}) once no entry stored before it can remain.
 *
 * <p>Cost of a judgement, so that 100,000 live bans do not cost milliseconds per lookup:
 * <ul>
 * <li>Bans are indexed by the whole literal segments before their first {@code *} (a trie of path segments): a
 * pattern can only match a path that starts with those segments, so a lookup visits one node per segment of its
 * path and checks only the bans stored there ({@code /img/*.png} sits under {@code img}; {@code /a/b} under
 * {@code a/b}, where {@code /a/bc} never looks). A pattern whose text after its last {@code *} holds a {@code /} is
 * also filed under the last segment a matching path must have ({@code /api/*}{@code /comments}: {@code comments}).
 * <li>Each ban gets a sequence number in the order this replica learned it, and a judgement that checked many bans
 * is remembered per entry ({@code key}, {@code storedAt}): up to which ban it was checked and what matched, as Varnish
 * keeps a ban pointer per object. The next lookup of that entry checks only bans learned since, so an entry is
 * matched against each ban at most once. The memory is kept by {@link #successor} while no ban leaves the list, and
 * dropped when one does (a verdict may rest on a ban that is gone).
 * </ul>
 *
 * <p>Longer than 300 lines on purpose: the trie and the per-entry checked-up-to memory are one structure (the memory
 * is only right while it and the trie agree on the ban sequence numbers; {@link #successor} carries both together).
 */
public final class BanList {
    /** One ban: the pattern, whether it removes (hard) or marks stale (soft), and when the region applied it. */
    public record Ban(PathPattern pattern, boolean hard, long appliedAt) {
    }

    public static final BanList EMPTY = new BanList(List.of(), 0);

    /** A judgement that checked at least this many bans is remembered; cheaper ones are simply redone. */
    static final int REMEMBER_FROM = 32;
    private static final int REMEMBERED_ENTRIES = 100_000;
    private static final byte NO_MATCH = 0;
    private static final byte SOFT_MATCH = 1;
    private static final byte HARD_MATCH = 2;

    /**
     * The bans in force in this replica's region, set by the invalidation layer and read by {@link EntryValidity}:
     * one region-wide fact, like the clock, so the read path needs no extra step.
     */
    private static volatile BanList active = EMPTY;

    private final List<Ban> newestFirst;
    private final long graceMs;
    private final Map<Ban, Long> seqOf;
    private final long maxSeq;
    private final long newestAppliedAt;
    private final Node root = new Node();
    private final Cache<Checked, Verdict> verdicts;

    public BanList(Collection<Ban> bans, long graceMs) {
        this(bans, graceMs, null);
    }

    private BanList(Collection<Ban> bans, long graceMs, BanList previous) {
        List<Ban> distinct = new ArrayList<>(new LinkedHashSet<>(bans));
        distinct.sort(Comparator.comparingLong(Ban::appliedAt).reversed());
        this.newestFirst = List.copyOf(distinct);
        this.graceMs = graceMs;
        this.seqOf = new HashMap<>(distinct.size() * 2);
        long seq = previous == null ? 0 : previous.maxSeq;
        boolean keptAll = previous != null && previous.graceMs == graceMs;
        for (int i = distinct.size() - 1; i >= 0; i--) { // oldest first: new bans get growing numbers
            Ban ban = distinct.get(i);
            Long known = previous == null ? null : previous.seqOf.get(ban);
            seqOf.put(ban, known != null ? known : ++seq);
        }
        if (keptAll) {
            for (Ban ban : previous.newestFirst) {
                if (!seqOf.containsKey(ban)) {
                    keptAll = false;
                    break;
                }
            }
        }
        this.maxSeq = seq;
        this.newestAppliedAt = distinct.isEmpty() ? Long.MIN_VALUE : distinct.get(0).appliedAt();
        Map<Bucket, List<Ban>> byBucket = new IdentityHashMap<>();
        for (Ban ban : distinct) {
            byBucket.computeIfAbsent(root.bucketFor(ban.pattern().pattern()), n -> new ArrayList<>()).add(ban);
        }
        byBucket.forEach((bucket, list) -> bucket.fill(list, seqOf));
        this.verdicts = keptAll ? previous.verdicts
                : distinct.isEmpty() ? null : Caffeine.newBuilder().maximumSize(REMEMBERED_ENTRIES).build();
    }

    public static BanList active() {
        return active;
    }

    public static void activate(BanList bans) {
        active = bans;
    }

    /**
     * A list of {@code bans} that keeps this list's numbering of the bans it already holds, and its remembered
     * judgements when every ban of this list is still there.
     */
    public BanList successor(Collection<Ban> bans, long graceMs) {
        return new BanList(bans, graceMs, this);
    }

    /** Whether this list holds a ban that {@code previous} did not. */
    public boolean addsTo(BanList previous) {
        for (Ban ban : newestFirst) {
            if (!previous.seqOf.containsKey(ban)) {
                return true;
            }
        }
        return false;
    }

    /** {@code validity} as the bans leave it for an entry of {@code key} stored at {@code storedAt}. */
    public Validity judge(String key, long storedAt, Validity validity) {
        if (validity == null || validity == Validity.INVALID || newestAppliedAt + graceMs <= storedAt) {
            return validity; // no ban, or every ban came before the entry
        }
        byte verdict = verdict(key, storedAt);
        if (verdict == HARD_MATCH) {
            return Validity.INVALID;
        }
        return verdict == SOFT_MATCH && validity == Validity.FRESH ? Validity.STALE : validity;
    }

    private byte verdict(String key, long storedAt) {
        if (key.isEmpty() || key.charAt(0) != '/') {
            return NO_MATCH; // every pattern starts with /
        }
        int pathEnd = key.indexOf('?');
        if (pathEnd < 0) {
            pathEnd = key.length();
        }
        String lastSegment = key.substring(key.lastIndexOf('/', pathEnd - 1) + 1, pathEnd);
        // the buckets on the key's path that hold a ban newer than the entry
        List<Bucket> buckets = new ArrayList<>(4);
        int candidates = 0;
        Node node = root;
        int start = 1;
        while (true) {
            candidates += node.candidates(lastSegment, storedAt - graceMs, buckets);
            if (node.children == null || start > pathEnd) {
                break;
            }
            int slash = key.indexOf('/', start);
            int end = slash < 0 || slash > pathEnd ? pathEnd : slash;
            node = node.children.get(key.substring(start, end));
            if (node == null) {
                break;
            }
            start = end + 1;
        }
        if (buckets.isEmpty()) {
            return NO_MATCH;
        }
        Checked checked = null;
        long checkedThrough = 0;
        byte verdict = NO_MATCH;
        if (candidates >= REMEMBER_FROM && verdicts != null) {
            checked = new Checked(key, storedAt);
            Verdict known = verdicts.getIfPresent(checked);
            if (known != null) {
                if (known.verdict == HARD_MATCH || known.through >= maxSeq) {
                    return known.verdict;
                }
                checkedThrough = known.through;
                verdict = known.verdict;
            }
        }
        for (Bucket b : buckets) {
            byte found = b.match(key, storedAt - graceMs, checkedThrough);
            if (found > verdict) {
                verdict = found;
                if (verdict == HARD_MATCH) {
                    break;
                }
            }
        }
        if (checked != null) {
            verdicts.put(checked, new Verdict(maxSeq, verdict));
        }
        return verdict;
    }

    /** The bans still needed at {@code now}: those applied less than {@code retentionMs} ago. */
    public BanList trimmed(long now, long retentionMs) {
        return successor(newestFirst.stream().filter(b -> b.appliedAt() + retentionMs > now).toList(), graceMs);
    }

    public List<Ban> bans() {
        return newestFirst;
    }

    public int size() {
        return newestFirst.size();
    }

    private record Checked(String key, long storedAt) {
    }

    private record Verdict(long through, byte verdict) {
    }

    /**
     * A node of the trie of literal path segments, with the bans whose literal segments end here: by the last
     * segment a matching path must have when the text after their last {@code *} holds a {@code /}
     * ({@code /api/*}{@code /comments}: {@code comments}), the others together.
     */
    private static final class Node {
        Map<String, Node> children;
        Bucket any;
        Map<String, Bucket> byLastSegment;

        /** Adds the buckets of this node a path ending in {@code lastSegment} may match with a ban newer than {@code olderThan}. */
        int candidates(String lastSegment, long olderThan, List<Bucket> out) {
            int count = 0;
            if (any != null && any.newestAppliedAt > olderThan) {
                out.add(any);
                count += any.bans.length;
            }
            Bucket last = byLastSegment == null ? null : byLastSegment.get(lastSegment);
            if (last != null && last.newestAppliedAt > olderThan) {
                out.add(last);
                count += last.bans.length;
            }
            return count;
        }

        Bucket bucketFor(String pattern) {
            Node node = nodeFor(pattern);
            int star = pattern.lastIndexOf('*');
            int slash = pattern.lastIndexOf('/');
            if (star < 0 || slash < star) {
                return node.any == null ? node.any = new Bucket() : node.any;
            }
            if (node.byLastSegment == null) {
                node.byLastSegment = new HashMap<>();
            }
            return node.byLastSegment.computeIfAbsent(pattern.substring(slash + 1), s -> new Bucket());
        }

        /** The node of the whole segments of {@code pattern} before the segment holding its first {@code *}. */
        Node nodeFor(String pattern) {
            int star = pattern.indexOf('*');
            // the literal segments end at the last / before the first *; a pattern without * is literal throughout
            int literalEnd = star < 0 ? pattern.length() : pattern.lastIndexOf('/', star);
            Node node = this;
            int start = 1;
            while (start <= literalEnd && literalEnd > 0) {
                int slash = pattern.indexOf('/', start);
                int end = slash < 0 || slash > literalEnd ? literalEnd : slash;
                if (node.children == null) {
                    node.children = new HashMap<>();
                }
                node = node.children.computeIfAbsent(pattern.substring(start, end), s -> new Node());
                start = end + 1;
            }
            return node;
        }
    }

    /** Bans of one node; newest learned first, {@code newestFrom[i]} the latest appliedAt among {@code bans[i..]}. */
    private static final class Bucket {
        Ban[] bans;
        long[] seqs;
        long[] newestFrom;
        long newestAppliedAt;

        void fill(List<Ban> list, Map<Ban, Long> seqOf) {
            list.sort(Comparator.comparingLong((Ban b) -> seqOf.get(b)).reversed());
            bans = list.toArray(new Ban[0]);
            seqs = new long[bans.length];
            newestFrom = new long[bans.length];
            long newest = Long.MIN_VALUE;
            for (int i = bans.length - 1; i >= 0; i--) {
                seqs[i] = seqOf.get(bans[i]);
                newest = Math.max(newest, bans[i].appliedAt());
                newestFrom[i] = newest;
            }
            newestAppliedAt = newest;
        }

        /** The strongest match among this node's bans numbered above {@code after} and applied after {@code olderThan}. */
        byte match(String key, long olderThan, long after) {
            byte verdict = NO_MATCH;
            for (int i = 0; i < bans.length; i++) {
                if (seqs[i] <= after || newestFrom[i] <= olderThan) {
                    break; // the rest were checked before, or came before the entry
                }
                Ban ban = bans[i];
                if (ban.appliedAt() > olderThan && verdict < (ban.hard() ? HARD_MATCH : SOFT_MATCH)
                        && ban.pattern().matches(key)) {
                    if (ban.hard()) {
                        return HARD_MATCH;
                    }
                    verdict = SOFT_MATCH;
                }
            }
            return verdict;
        }
    }
}
