package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.events.PathPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BanListTest {
    private static final long GRACE = 2000;

    private static BanList.Ban ban(String pattern, boolean hard, long at) {
        return new BanList.Ban(PathPattern.of(pattern), hard, at);
    }

    @Test
    void aHardBanInvalidatesMatchingEntriesStoredBeforeItOnly() {
        BanList bans = new BanList(List.of(ban("/img/*.png", true, 10_000)), GRACE);
        assertEquals(Validity.INVALID, bans.judge("/img/a.png", 9_000, Validity.FRESH));
        assertEquals(Validity.INVALID, bans.judge("/img/a.png?v=1", 9_000, Validity.STALE));
        assertEquals(Validity.FRESH, bans.judge("/img/a.jpg", 9_000, Validity.FRESH), "not matching");
        assertEquals(Validity.FRESH, bans.judge("/img/a.png", 12_000, Validity.FRESH), "stored after ban + grace");
    }

    @Test
    void aFillThatMayHaveBegunBeforeTheBanCountsAsOlder() {
        BanList bans = new BanList(List.of(ban("/img/*", true, 10_000)), GRACE);
        assertEquals(Validity.INVALID, bans.judge("/img/a", 11_999, Validity.FRESH));
        assertEquals(Validity.FRESH, bans.judge("/img/a", 12_000, Validity.FRESH));
    }

    @Test
    void aSoftBanMarksStaleAndAHardOneWins() {
        BanList soft = new BanList(List.of(ban("/api/*/comments", false, 10_000)), GRACE);
        assertEquals(Validity.STALE, soft.judge("/api/1/comments", 5_000, Validity.FRESH));
        assertEquals(Validity.EXPIRED, soft.judge("/api/1/comments", 5_000, Validity.EXPIRED));
        BanList both = new BanList(List.of(ban("/api/*", false, 10_000), ban("/api/1/*", true, 8_000)), GRACE);
        assertEquals(Validity.INVALID, both.judge("/api/1/comments", 5_000, Validity.FRESH));
        assertEquals(Validity.STALE, both.judge("/api/2/comments", 5_000, Validity.FRESH));
    }

    @Test
    void bansOlderThanTheRetentionAreTrimmed() {
        BanList bans = new BanList(List.of(ban("/a/*", true, 1_000), ban("/b/*", true, 50_000)), GRACE);
        BanList trimmed = bans.trimmed(60_000, 20_000);
        assertEquals(1, trimmed.size());
        assertEquals("/b/*", trimmed.bans().get(0).pattern().pattern());
    }

    @Test
    void theIndexFindsABanOnlyWhereItsPatternMatches() {
        BanList bans = new BanList(List.of(ban("/a/b", true, 10_000), ban("/img/*.png", true, 10_000),
                ban("/api/*/comments", true, 10_000), ban("/x*", true, 10_000), ban("/d/e/", true, 10_000)), GRACE);
        assertEquals(Validity.INVALID, bans.judge("/a/b", 1, Validity.FRESH));
        assertEquals(Validity.INVALID, bans.judge("/a/b?page=2", 1, Validity.FRESH));
        assertEquals(Validity.FRESH, bans.judge("/a/bc", 1, Validity.FRESH), "a ban on /a/b hit /a/bc");
        assertEquals(Validity.FRESH, bans.judge("/a/b/c", 1, Validity.FRESH), "a pattern without * is one path");
        assertEquals(Validity.FRESH, bans.judge("/a", 1, Validity.FRESH));
        assertEquals(Validity.INVALID, bans.judge("/img/a.png", 1, Validity.FRESH));
        assertEquals(Validity.FRESH, bans.judge("/img/a/b.png", 1, Validity.FRESH), "* stays inside its segment");
        assertEquals(Validity.FRESH, bans.judge("/imgs/a.png", 1, Validity.FRESH));
        assertEquals(Validity.INVALID, bans.judge("/api/1/2/comments?x=1", 1, Validity.FRESH));
        assertEquals(Validity.FRESH, bans.judge("/api/comments", 1, Validity.FRESH));
        assertEquals(Validity.INVALID, bans.judge("/xyz", 1, Validity.FRESH), "a * inside the first segment");
        assertEquals(Validity.FRESH, bans.judge("/xyz/1", 1, Validity.FRESH));
        assertEquals(Validity.INVALID, bans.judge("/d/e/", 1, Validity.FRESH));
        assertEquals(Validity.FRESH, bans.judge("/d/e", 1, Validity.FRESH));

        BanList byLastSegment = new BanList(List.of(ban("/x/*/end", true, 10_000), ban("/y/*/", true, 10_000),
                ban("/z/*/a*b", true, 10_000)), GRACE);
        assertEquals(Validity.INVALID, byLastSegment.judge("/x/1/2/end?q=/", 1, Validity.FRESH));
        assertEquals(Validity.FRESH, byLastSegment.judge("/x/1/end2", 1, Validity.FRESH));
        assertEquals(Validity.FRESH, byLastSegment.judge("/x/1/xend", 1, Validity.FRESH));
        assertEquals(Validity.INVALID, byLastSegment.judge("/y/1/", 1, Validity.FRESH));
        assertEquals(Validity.FRESH, byLastSegment.judge("/y/1", 1, Validity.FRESH));
        assertEquals(Validity.INVALID, byLastSegment.judge("/z/1/aXb", 1, Validity.FRESH));
    }

    /** Many bans and keys over a small alphabet, judged by the index and by checking every ban with its pattern. */
    @Test
    void theIndexAgreesWithCheckingEveryBan() {
        Random random = new Random(13);
        String[] parts = { "a", "b", "ab", "", "img", "a.png", "x" };
        for (int round = 0; round < 200; round++) {
            List<BanList.Ban> list = new ArrayList<>();
            int n = 1 + random.nextInt(80);
            for (int i = 0; i < n; i++) {
                list.add(ban(randomPath(random, parts, true), random.nextBoolean(), 1_000 + random.nextInt(10_000)));
            }
            BanList bans = new BanList(list, GRACE);
            for (int k = 0; k < 300; k++) {
                String key = randomPath(random, parts, false) + (random.nextInt(4) == 0 ? "?q=/a" : "");
                long storedAt = random.nextInt(14_000);
                for (int repeat = 0; repeat < 2; repeat++) { // the second judgement may come from memory
                    assertEquals(everyBan(list, key, storedAt), bans.judge(key, storedAt, Validity.FRESH),
                            "key " + key + " stored at " + storedAt + " under " + list);
                }
            }
        }
    }

    @Test
    void aRememberedJudgementStillSeesBansLearnedLaterAndForgetsBansThatLeft() {
        List<BanList.Ban> others = new ArrayList<>();
        for (int i = 0; i < BanList.REMEMBER_FROM * 2; i++) {
            others.add(ban("/api/*/other" + i, true, 20_000 + i));
        }
        BanList first = new BanList(others, GRACE);
        assertEquals(Validity.FRESH, first.judge("/api/1/comments", 5_000, Validity.FRESH));
        assertEquals(Validity.FRESH, first.judge("/api/1/comments", 5_000, Validity.FRESH));

        // learned after that judgement, though applied before the other bans (another replica's, seen late)
        List<BanList.Ban> more = new ArrayList<>(others);
        more.add(ban("/api/*/comments", false, 10_000));
        BanList second = first.successor(more, GRACE);
        assertEquals(Validity.STALE, second.judge("/api/1/comments", 5_000, Validity.FRESH));
        more.add(ban("/api/1/*", true, 11_000));
        BanList third = second.successor(more, GRACE);
        assertEquals(Validity.INVALID, third.judge("/api/1/comments", 5_000, Validity.FRESH));
        assertEquals(Validity.STALE, third.judge("/api/2/comments", 5_000, Validity.FRESH));

        BanList without = third.successor(others, GRACE);
        assertEquals(Validity.FRESH, without.judge("/api/1/comments", 5_000, Validity.FRESH),
                "a judgement that rested on a ban that left the list was kept");
        assertEquals(Validity.FRESH, without.judge("/api/2/comments", 5_000, Validity.FRESH));
    }

    private static Validity everyBan(List<BanList.Ban> list, String key, long storedAt) {
        Validity v = Validity.FRESH;
        for (BanList.Ban b : list) {
            if (b.appliedAt() + GRACE > storedAt && b.pattern().matches(key)) {
                if (b.hard()) {
                    return Validity.INVALID;
                }
                v = Validity.STALE;
            }
        }
        return v;
    }

    private static String randomPath(Random random, String[] parts, boolean pattern) {
        StringBuilder path = new StringBuilder();
        int segments = 1 + random.nextInt(4);
        for (int s = 0; s < segments; s++) {
            path.append('/');
            int kind = pattern ? random.nextInt(6) : 5;
            if (kind == 0) {
                path.append('*');
            } else if (kind == 1) {
                path.append(parts[random.nextInt(parts.length)]).append('*');
            } else if (kind == 2) {
                path.append('*').append(parts[random.nextInt(parts.length)]);
            } else {
                path.append(parts[random.nextInt(parts.length)]);
            }
        }
        return path.toString();
    }
}
