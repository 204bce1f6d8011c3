package dev.edgesync.origin.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgesync.events.problem.ProblemException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentRulesTest {

    @Test
    void createNeedsTitleSlugAndBody() {
        assertThrows(ProblemException.class, () -> ContentRules.forCreate(new ContentRequest(null, "s", "b", null)));
        assertThrows(ProblemException.class, () -> ContentRules.forCreate(new ContentRequest("t", null, "b", null)));
        assertThrows(ProblemException.class, () -> ContentRules.forCreate(new ContentRequest("t", "s", null, null)));
        assertThrows(ProblemException.class, () -> ContentRules.forCreate(null));
    }

    @Test
    void fieldsAreBounded() {
        assertThrows(ProblemException.class, () -> ContentRules.forUpdate(new ContentRequest("x".repeat(301), null, null, null)));
        assertThrows(ProblemException.class, () -> ContentRules.forUpdate(new ContentRequest(" ", null, null, null)));
        assertThrows(ProblemException.class, () -> ContentRules.forUpdate(new ContentRequest(null, "Upper", null, null)));
        assertThrows(ProblemException.class, () -> ContentRules.forUpdate(new ContentRequest(null, "a".repeat(201), null, null)));
        assertThrows(ProblemException.class, () -> ContentRules.forUpdate(new ContentRequest(null, null, "é".repeat(256 * 1024 + 1), null)));
        assertThrows(ProblemException.class, () -> ContentRules.forUpdate(new ContentRequest(null, null, null, Collections.nCopies(21, "t"))));
        assertThrows(ProblemException.class, () -> ContentRules.forUpdate(new ContentRequest(null, null, null, List.of("a b"))));
        assertThrows(ProblemException.class, () -> ContentRules.forUpdate(new ContentRequest(null, null, null, Arrays.asList("ok", null))));
        ContentRules.forUpdate(new ContentRequest("x".repeat(300), "a".repeat(200), "b".repeat(512 * 1024), Collections.nCopies(20, "t")));
    }

    @Test
    void duplicateTagsCollapseInOrder() {
        assertEquals(List.of("b", "a"), ContentRules.forUpdate(new ContentRequest(null, null, null, List.of("b", "a", "b"))).tags());
    }

    @Test
    void paginationDefaultsAndBounds() {
        assertEquals(0, ContentRules.page(null));
        assertEquals(20, ContentRules.size(""));
        assertEquals(100, ContentRules.size("100"));
        assertThrows(ProblemException.class, () -> ContentRules.page("-1"));
        assertThrows(ProblemException.class, () -> ContentRules.page("x"));
        assertThrows(ProblemException.class, () -> ContentRules.size("0"));
        assertThrows(ProblemException.class, () -> ContentRules.size("101"));
    }
}
