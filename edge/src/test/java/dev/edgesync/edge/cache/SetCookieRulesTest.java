package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgesync.edge.cache.SetCookieRules.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetCookieRulesTest {

    @Test
    void theLongestPrefixWinsAndAnyOtherPathFollowsTheRfc() {
        SetCookieRules rules = SetCookieRules.of(Map.of("/api/", "shared-only", "/api/login", "never"));
        assertEquals(Mode.SHARED_ONLY, rules.mode("/api/content/4"));
        assertEquals(Mode.NEVER, rules.mode("/api/login?next=/"));
        assertEquals(Mode.STORE, rules.mode("/site/page"));
        assertEquals(Mode.STORE, rules.mode("/api"), "a prefix matches the path's start only");
    }

    @Test
    void anUnknownModeIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> SetCookieRules.of(Map.of("/", "sometimes")));
    }
}
