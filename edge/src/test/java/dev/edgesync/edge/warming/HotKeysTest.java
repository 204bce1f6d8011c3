package dev.edgesync.edge.warming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HotKeysTest {

    @Test
    void hottestAffectedKeysComeMostReadFirst() {
        HotKeys hot = new HotKeys(100);
        read(hot, "/api/content/1", 3);
        read(hot, "/api/content/2", 7);
        read(hot, "/api/content/3", 5);
        read(hot, "/other", 50);
        assertEquals(List.of("/api/content/2", "/api/content/3"),
                hot.hottest(k -> k.startsWith("/api/content/"), 2));
    }

    @Test
    void aFullTableIgnoresNewKeysUntilAgingFreesRoom() {
        HotKeys hot = new HotKeys(2);
        read(hot, "/a", 1);
        read(hot, "/b", 4);
        read(hot, "/c", 9);
        assertEquals(List.of("/b", "/a"), hot.hottest(k -> true, 10));
        hot.age(); // /a: 1 -> 0, forgotten; /b: 4 -> 2
        read(hot, "/c", 9);
        assertEquals(List.of("/c", "/b"), hot.hottest(k -> true, 10));
    }

    private static void read(HotKeys hot, String key, int times) {
        for (int i = 0; i < times; i++) {
            hot.read(key);
        }
    }
}
