package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CdnCacheControlTest {

    @Test
    void aValidFieldGivesItsDirectives() {
        CacheControl cc = CdnCacheControl.parse("max-age=600, stale-while-revalidate=30, must-revalidate, "
                + "no-cache=\"set-cookie\", private=(x-a x-b), unknown=\"x\";p=1, public=?0").orElseThrow();
        assertEquals(OptionalLong.of(600), cc.maxAge());
        assertEquals(OptionalLong.of(30), cc.staleWhileRevalidate());
        assertTrue(cc.mustRevalidate());
        assertEquals(List.of("set-cookie"), cc.noCacheFields());
        assertEquals(List.of("x-a", "x-b"), cc.privateFields());
        assertFalse(cc.isPublic(), "a Boolean false flag is absent");
    }

    @ParameterizedTest
    @ValueSource(strings = { "max-age=\"600\"", "max-age=1.5", "max-age=-1", "max-age=?1", "no-store=3",
            "public=\"yes\"", "max-age=600, s-maxage=abc", "Max-Age=600", "max-age=600,, public", "max-age=@1",
            "max-age=600;", "no-cache=(1 2)" })
    void anInvalidFieldIsIgnoredWhole(String value) {
        assertTrue(CdnCacheControl.parse(value).isEmpty(), value);
    }

    @Test
    void anIgnoredFieldFallsBackToCacheControlAndIsNotConsumed() {
        Map<String, String> h = Map.of("cdn-cache-control", "max-age=\"600\"", "cache-control", "no-store");
        assertTrue(ResponseDirectives.of(h::get).noStore());
        assertFalse(ResponseDirectives.consumesCdnCacheControl(h.get("cdn-cache-control")));
        Map<String, String> valid = Map.of("cdn-cache-control", "max-age=600", "cache-control", "no-store");
        assertFalse(ResponseDirectives.of(valid::get).noStore());
        assertEquals(OptionalLong.of(600), ResponseDirectives.of(valid::get).maxAge());
        assertTrue(ResponseDirectives.consumesCdnCacheControl(valid.get("cdn-cache-control")));
    }
}
