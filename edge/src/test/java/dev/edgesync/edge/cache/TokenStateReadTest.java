package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token state as read from one MGET: a generation never written (absent) or not a number counts as 0. */
class TokenStateReadTest {
    @Test
    void absentAndMalformedValuesReadAsZeroAndTheRestAsWritten() {
        List<String> tokens = List.of("tag:a", "tag:b", "key:/x");
        // hard generations of the three tokens, then their soft ones, then the two minimum versions
        List<String> raw = Arrays.asList("7", null, "", null, "x12", "3", "1700000000000", null);

        TokenState state = EntryStore.tokenState(tokens, raw);

        assertEquals(7, state.hard("tag:a"));
        assertEquals(0, state.hard("tag:b"));
        assertEquals(0, state.hard("key:/x"));
        assertEquals(0, state.soft("tag:a"));
        assertEquals(0, state.soft("tag:b"));
        assertEquals(3, state.soft("key:/x"));
        assertEquals(1_700_000_000_000L, state.minVersionHard());
        assertEquals(0, state.minVersionSoft());
    }

    @Test
    void aNumberIsReadOnlyWhenItIsOne() {
        assertEquals(0, RedisAccess.number((String) null));
        assertEquals(0, RedisAccess.number(""));
        assertEquals(0, RedisAccess.number("12a"));
        assertEquals(-4, RedisAccess.number("-4"));
        assertEquals(Long.MAX_VALUE, RedisAccess.number(Long.toString(Long.MAX_VALUE)));
    }
}
