package dev.edgesync.origin.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpenWritesTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final OpenWrites writes = new OpenWrites(now::get);

    @Test
    void withNoOpenWriteTheFloorIsNow() {
        assertEquals(1_000, writes.floor());
    }

    @Test
    void theFloorStaysAtTheOldestOpenWriteUntilItCompletes() {
        long first = writes.begin();
        now.set(1_200);
        long second = writes.begin();
        now.set(1_500);
        assertEquals(1_000, writes.floor());
        writes.end(first);
        assertEquals(1_200, writes.floor());
        writes.end(second);
        assertEquals(1_500, writes.floor());
    }

    @Test
    void twoWritesStartingInTheSameMillisecondAreCountedApart() {
        long a = writes.begin();
        long b = writes.begin();
        now.set(2_000);
        writes.end(a);
        assertEquals(1_000, writes.floor(), "the other write of that millisecond is still open");
        writes.end(b);
        assertEquals(2_000, writes.floor());
    }

    @Test
    void aWriteBeginningAfterAFloorStartsNoEarlierThanIt() {
        long floor = writes.floor();
        assertEquals(true, writes.begin() >= floor);
    }
}
