package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.events.PathPattern;
import java.util.List;
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
}
