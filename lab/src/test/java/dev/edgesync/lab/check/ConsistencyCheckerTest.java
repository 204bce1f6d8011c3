package dev.edgesync.lab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.history.History;
import dev.edgesync.lab.history.ReadOp;
import dev.edgesync.lab.history.WriteOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-made histories. Regions: "e" eager with 100 ms delay, "l" lazy with 300 ms delay; tolerance
 * 50 ms. Item "1" is created at t=0 (v1, commit 10) and updated at t=1000 (v2, commit 1010), so v2 is
 * due in "e" after 1160 and in "l" after 1360.
 */
class ConsistencyCheckerTest {
    private static final long TOLERANCE = 50;
    private final List<WriteOp> writes = new ArrayList<>(List.of(new WriteOp("1", 1, 0, 10), new WriteOp("1", 2, 1000, 1010)));
    private final List<ReadOp> reads = new ArrayList<>();

    private static Map<String, RegionPolicy> policies() {
        Map<String, RegionPolicy> p = new LinkedHashMap<>();
        p.put("e", new RegionPolicy(Strategy.EAGER, 100));
        p.put("l", new RegionPolicy(Strategy.LAZY, 300));
        return p;
    }

    private ConsistencyCheckerTest read(String region, String client, long start, long end, long version, String xCache) {
        reads.add(new ReadOp(region, client, "1", start, end, 200, version, xCache, false));
        return this;
    }

    private CheckReport check() {
        return new ConsistencyChecker(policies(), TOLERANCE).check(new History(writes, reads));
    }

    // ---- histories without violations

    @Test
    void emptyHistoryIsClean() {
        reads.clear();
        CheckReport report = check();
        assertTrue(report.clean());
        assertEquals(List.of("e", "l"), report.regions());
    }

    @Test
    void eagerServingOldVersionBeforeItIsDueIsFine() {
        read("e", "c1", 1100, 1105, 1, "HIT").read("e", "c1", 1159, 1160, 1, "HIT");
        assertTrue(check().clean(), check().describe());
    }

    @Test
    void eagerServingNewVersionAfterDueIsFine() {
        read("e", "c1", 500, 505, 1, "HIT").read("e", "c1", 1200, 1210, 2, "MISS").read("e", "c1", 1300, 1301, 2, "HIT");
        assertTrue(check().clean());
    }

    @Test
    void newVersionBeforeTheDelayIsNotAConsistencyViolation() {
        // a cold region may fill v2 from the origin at once; bounded staleness is only an upper bound
        read("e", "c1", 1020, 1030, 2, "MISS").read("l", "c2", 1020, 1030, 2, "MISS");
        assertTrue(check().clean());
    }

    @Test
    void lazyServingOldVersionMarkedStaleAfterDueIsFine() {
        read("l", "c1", 1000, 1001, 1, "HIT").read("l", "c1", 1400, 1402, 1, "STALE").read("l", "c1", 1420, 1425, 2, "HIT");
        assertTrue(check().clean(), check().describe());
    }

    @Test
    void lazyServingOldVersionUnmarkedBeforeDueIsFine() {
        read("l", "c1", 1300, 1305, 1, "HIT");
        assertTrue(check().clean());
    }

    @Test
    void concurrentReadsMayDisagree() {
        // the second read started before the first ended: no ordering between them
        read("l", "c1", 1400, 1450, 2, "HIT").read("l", "c2", 1440, 1460, 1, "STALE");
        assertTrue(check().clean(), check().describe());
    }

    @Test
    void readThatStartsInTheSameMillisecondTheOtherEndedIsNotOrdered() {
        read("l", "c1", 1400, 1420, 2, "HIT").read("l", "c2", 1420, 1425, 1, "STALE");
        assertTrue(check().clean(), check().describe());
    }

    @Test
    void failedReadsAndReadsWithoutVersionAreNotChecked() {
        reads.add(new ReadOp("e", "c1", "1", 2000, 2001, 502, -1, null, false));
        reads.add(new ReadOp("e", "c1", "1", 2002, 2003, 200, -1, "BYPASS", false));
        CheckReport report = check();
        assertTrue(report.clean());
        assertEquals(0, report.readsChecked("e"));
    }

    @Test
    void itemsWithoutRecordedWritesAreOnlyCheckedForRegressions() {
        reads.add(new ReadOp("e", "c1", "1", 5000, 5001, 200, 7, "HIT", false));
        reads.add(new ReadOp("e", "c1", "1", 5002, 5003, 200, 7, "HIT", false));
        assertTrue(check().clean());
    }

    @Test
    void otherItemsDoNotInterfere() {
        writes.add(new WriteOp("2", 1, 0, 10));
        read("e", "c1", 1300, 1301, 2, "HIT");
        reads.add(new ReadOp("e", "c1", "2", 1302, 1303, 200, 1, "HIT", false)); // item 2 v1: fine
        assertTrue(check().clean(), check().describe());
    }

    @Test
    void toleranceAbsorbsSlowApply() {
        // 1160 is due + 0: start must be strictly after the due time
        read("e", "c1", 1160, 1161, 1, "HIT");
        assertTrue(check().clean());
    }

    @Test
    void probesAreCheckedLikeAnyRead() {
        reads.add(new ReadOp("e", "probe-e", "1", 1500, 1501, 200, 1, "HIT", true));
        assertEquals(1, check().count(Violation.Kind.EAGER_STALE_AFTER_DUE));
    }

    // ---- histories with violations

    @Test
    void eagerServingOldVersionAfterDueIsAViolation() {
        read("e", "c1", 1161, 1162, 1, "HIT");
        CheckReport report = check();
        assertEquals(1, report.total());
        assertEquals(1, report.count("e", Violation.Kind.EAGER_STALE_AFTER_DUE));
        assertTrue(report.examples().get(0).detail().contains("v2"), report.describe());
    }

    @Test
    void eagerServingOldVersionMarkedStaleAfterDueIsStillAViolation() {
        read("e", "c1", 1500, 1502, 1, "STALE");
        assertEquals(1, check().count("e", Violation.Kind.EAGER_STALE_AFTER_DUE));
    }

    @Test
    void lazyServingOldVersionUnmarkedAfterDueIsAViolation() {
        read("l", "c1", 1361, 1365, 1, "HIT");
        CheckReport report = check();
        assertEquals(1, report.count("l", Violation.Kind.LAZY_UNMARKED_AFTER_DUE));
        assertEquals(0, report.count("e"));
    }

    @Test
    void lazyServingOldAsMissAfterDueIsAViolation() {
        read("l", "c1", 2000, 2010, 1, "MISS");
        assertEquals(1, check().count(Violation.Kind.LAZY_UNMARKED_AFTER_DUE));
    }

    @Test
    void lazyServingStaleAfterItServedTheNewVersionIsAViolation() {
        read("l", "c1", 1400, 1401, 1, "STALE").read("l", "c1", 1410, 1412, 2, "HIT").read("l", "c2", 1420, 1421, 1, "STALE");
        CheckReport report = check();
        assertEquals(1, report.total(), report.describe());
        assertEquals(1, report.count("l", Violation.Kind.REGION_WENT_BACK));
        assertEquals("c2", report.examples().get(0).read().client());
    }

    @Test
    void sameClientGoingBackIsReportedAsClientRegression() {
        read("l", "c1", 1400, 1401, 2, "HIT").read("l", "c1", 1402, 1403, 1, "STALE");
        CheckReport report = check();
        assertEquals(1, report.total());
        assertEquals(1, report.count("l", Violation.Kind.CLIENT_WENT_BACK));
        assertEquals(0, report.count("l", Violation.Kind.REGION_WENT_BACK));
    }

    @Test
    void versionsGoingBackBeforeAnyDueTimeAreStillARegression() {
        // v3 exists only in this history; v2 read then v1 read, both before v2 is due in l
        read("l", "c1", 1020, 1030, 2, "MISS").read("l", "c1", 1040, 1041, 1, "HIT");
        assertEquals(1, check().count(Violation.Kind.CLIENT_WENT_BACK));
    }

    @Test
    void eagerDueViolationTakesPrecedenceOverRegression() {
        read("e", "c1", 1200, 1201, 2, "MISS").read("e", "c1", 1300, 1301, 1, "HIT");
        CheckReport report = check();
        assertEquals(1, report.total());
        assertEquals(1, report.count(Violation.Kind.EAGER_STALE_AFTER_DUE));
    }

    @Test
    void newestDueVersionCountsNotJustTheFirst() {
        writes.add(new WriteOp("1", 3, 2000, 2010)); // due in e after 2160
        read("e", "c1", 2200, 2201, 2, "HIT");
        CheckReport report = check();
        assertEquals(1, report.count(Violation.Kind.EAGER_STALE_AFTER_DUE));
        assertTrue(report.examples().get(0).detail().startsWith("v3"), report.examples().get(0).detail());
    }

    @Test
    void staleOfAnIntermediateVersionIsFineForLazy() {
        writes.add(new WriteOp("1", 3, 2000, 2010)); // due in l after 2360
        read("l", "c1", 1500, 1501, 2, "HIT").read("l", "c1", 2400, 2401, 2, "STALE").read("l", "c1", 2410, 2411, 3, "HIT");
        assertTrue(check().clean(), check().describe());
    }

    @Test
    void writesRecordedOutOfOrderAreHandled() {
        writes.clear();
        writes.add(new WriteOp("1", 2, 1000, 1010));
        writes.add(new WriteOp("1", 1, 0, 10));
        read("e", "c1", 1161, 1162, 1, "HIT");
        assertEquals(1, check().total());
    }

    @Test
    void clientsInDifferentRegionsAreIndependent() {
        // e serves v2 at 1200; l serving v1 HIT at 1300 (before its own due time) is fine
        read("e", "c1", 1200, 1201, 2, "MISS").read("l", "c1", 1300, 1301, 1, "HIT");
        assertTrue(check().clean(), check().describe());
    }

    @Test
    void countsAddUpAcrossRegionsAndKinds() {
        read("e", "c1", 1161, 1162, 1, "HIT")
                .read("e", "c2", 1170, 1171, 1, "HIT")
                .read("l", "c1", 1400, 1401, 1, "HIT")
                .read("l", "c2", 1410, 1411, 2, "HIT")
                .read("l", "c3", 1420, 1421, 1, "STALE");
        CheckReport report = check();
        assertEquals(4, report.total(), report.describe());
        assertEquals(2, report.count("e"));
        assertEquals(2, report.count("l"));
        assertEquals(1, report.count("l", Violation.Kind.LAZY_UNMARKED_AFTER_DUE));
        assertEquals(1, report.count("l", Violation.Kind.REGION_WENT_BACK));
        assertEquals(4, report.examples().size());
        assertTrue(report.describe().contains("4 violation(s)"));
        assertEquals(2, report.countsByRegion().get("e").get("EAGER_STALE_AFTER_DUE"));
    }

    @Test
    void examplesAreBoundedAndOrderedByTime() {
        for (int i = 0; i < 25; i++) {
            read("e", "c" + i, 3000 - i * 10, 3001 - i * 10, 1, "HIT");
        }
        CheckReport report = check();
        assertEquals(25, report.total());
        assertEquals(CheckReport.EXAMPLES, report.examples().size());
        for (int i = 1; i < report.examples().size(); i++) {
            assertTrue(report.examples().get(i - 1).read().start() <= report.examples().get(i).read().start());
        }
    }

    @Test
    void unknownRegionIsRefused() {
        read("x", "c1", 100, 101, 1, "HIT");
        assertThrows(IllegalArgumentException.class, this::check);
    }

    @Test
    void negativeToleranceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConsistencyChecker(policies(), -1));
    }

    @Test
    void readEndingBeforeItStartsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReadOp("e", "c", "1", 10, 9, 200, 1, "HIT", false));
    }
}
