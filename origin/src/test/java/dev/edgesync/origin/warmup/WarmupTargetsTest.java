package dev.edgesync.origin.warmup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgesync.events.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupTargetsTest {

    @Test
    void pathsOfThisOriginAreAccepted() {
        assertDoesNotThrow(() -> WarmupTargets.validate(List.of("/api/content/1", "/api/content?tag=tech&page=2"), null));
        assertDoesNotThrow(() -> WarmupTargets.validate(null, List.of("tech")));
    }

    @Test
    void aPathThatCouldNameAnotherHostIsRefused() {
        for (String path : List.of("//example.org/x", "http://example.org/x", "example.org/x", "/a\\b", "/a b",
                "/a#frag", "", "/a\u0000")) {
            ProblemException e = assertThrows(ProblemException.class, () -> WarmupTargets.validate(List.of(path), null),
                    path);
            assertEquals(400, e.status(), path);
        }
    }

    @Test
    void somethingToWarmAndNotTooMuch() {
        assertThrows(ProblemException.class, () -> WarmupTargets.validate(List.of(), List.of()));
        assertThrows(ProblemException.class, () -> WarmupTargets.validate(null, null));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= WarmupTargets.MAX_PATHS; i++) {
            many.add("/p/" + i);
        }
        assertThrows(ProblemException.class, () -> WarmupTargets.validate(many, null));
        assertThrows(ProblemException.class, () -> WarmupTargets.validate(null, List.of(" ")));
    }

    @Test
    void pathsThenTaggedPathsEachOnceAtMostTheLimit() {
        assertEquals(List.of("/a", "/b", "/c"), WarmupTargets.of(List.of("/a", "/b"), List.of("/b", "/c")));
        List<String> tagged = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            tagged.add("/api/content/" + i);
        }
        assertEquals(WarmupTargets.MAX_PATHS, WarmupTargets.of(List.of("/a"), tagged).size());
        assertEquals("/a", WarmupTargets.of(List.of("/a"), tagged).get(0));
    }
}
