package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EtagMatchTest {

    @Test
    void weakComparisonListsAndStar() {
        assertTrue(EtagMatch.matches("\"1-2\"", "\"1-2\""));
        assertTrue(EtagMatch.matches("W/\"1-2\"", "\"1-2\""));
        assertTrue(EtagMatch.matches("\"x\", \"1-2\"", "\"1-2\""));
        assertTrue(EtagMatch.matches("*", "\"1-2\""));
        assertFalse(EtagMatch.matches("\"1-3\"", "\"1-2\""));
        assertFalse(EtagMatch.matches(null, "\"1-2\""));
        assertFalse(EtagMatch.matches("\"1-2\"", null));
    }
}
