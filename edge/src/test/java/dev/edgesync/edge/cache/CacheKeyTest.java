package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

    @Test
    void keyIsPathPlusRawQuery() {
        assertEquals("/api/content/42", CacheKey.of("/api/content/42", null));
        assertEquals("/api/content/42", CacheKey.of("/api/content/42", ""));
        assertEquals("/api/content?tag=a%20b&page=2", CacheKey.of("/api/content", "tag=a%20b&page=2"));
    }

    @Test
    void segmentPrefixesEndAtSlashes() {
        assertEquals(List.of("/", "/api/", "/api/content/"), CacheKey.segmentPrefixes("/api/content/42"));
        assertEquals(List.of("/", "/api/", "/api/content/"), CacheKey.segmentPrefixes("/api/content/"));
        assertEquals(List.of("/", "/api/"), CacheKey.segmentPrefixes("/api/content?x=/a/b/"));
        assertEquals(List.of("/"), CacheKey.segmentPrefixes("/"));
    }

    @Test
    void prefixIsASegmentBoundaryNotAStringPrefix() {
        // "/api/content/" must not cover "/api/contents/1"
        assertEquals(List.of("/", "/api/", "/api/contents/"), CacheKey.segmentPrefixes("/api/contents/1"));
    }

    @Test
    void tokensCoverKeyPrefixesAndTagsOnce() {
        assertEquals(List.of("key:/api/content/1", "prefix:/", "prefix:/api/", "prefix:/api/content/",
                "prefix:/api/content/1", "tag:content-1", "tag:news"),
                CacheKey.tokens("/api/content/1", List.of("content-1", "news", "content-1")));
    }

    @Test
    void surrogateKeysAreSpaceSeparated() {
        assertEquals(List.of("content-1", "tech", "news"), CacheKey.surrogateKeys("  content-1   tech news tech "));
        assertEquals(List.of(), CacheKey.surrogateKeys(null));
        assertEquals(List.of(), CacheKey.surrogateKeys(" "));
    }

    private static final QueryRules RULES = QueryRules.of(new LinkedHashMap<>(Map.of(
            "/api/content/", "ignore", "/api/content", "allow:page,size,tag")));

    @Test
    void aliasesOfOnePathShareOneKey() {
        for (String alias : List.of("/api/content/13", "/api/content/%313", "/%2e%2e/api/content/13",
                "/api/./content/13", "/api/x/../content/13", "/api/content/%31%33", "/../api/content/13")) {
            assertEquals("/api/content/13", CacheKey.of(alias, "utm_source=x", RULES), alias);
        }
        // nothing else is collapsed: reserved encodings stay (upper-cased), double slashes stay
        assertEquals("/a%2Fb//c", CacheKey.canonicalPath("/a%2fb//c"));
        assertEquals("/a%20b", CacheKey.canonicalPath("/a%20b"));
        assertEquals("/", CacheKey.canonicalPath("/a/.."));
        assertEquals("/a/", CacheKey.canonicalPath("/a/b/.."));
    }

    @Test
    void queriesFollowTheRuleOfTheLongestPrefix() {
        assertEquals("/api/content?page=1&size=10&tag=a",
                CacheKey.of("/api/content", "utm_source=x&size=10&tag=a&page=1", RULES));
        assertEquals("/api/content", CacheKey.of("/api/content", "utm_source=x", RULES));
        assertEquals("/other?a=2&b=1&b=0", CacheKey.of("/other", "b=1&a=2&b=0", RULES), "keep-sorted, stable");
        assertEquals("/other?a=1", CacheKey.of("/other", "%61=%31&&", RULES));
        assertThrows(IllegalArgumentException.class, () -> QueryRules.Rule.parse("sometimes"));
    }

    @Test
    void controlCharactersAndBadEncodingsAreRefused() {
        for (String bad : List.of("/a%00", "/a%0d", "/a%7F", "/a%zz", "/a%4", "/a\u0001")) {
            assertThrows(CacheKey.InvalidTargetException.class, () -> CacheKey.of(bad, null, RULES), bad);
        }
        assertThrows(CacheKey.InvalidTargetException.class, () -> CacheKey.of("/a", "q=%00", RULES));
        assertThrows(CacheKey.InvalidTargetException.class, () -> CacheKey.of("/api/content/1", "q=%00", RULES),
                "even an ignored query");
    }

    @Test
    void prefixTokensStopAtTheCapAndDeeperPurgesOverInvalidate() {
        String deep = "/s".repeat(100) + "/leaf";
        List<String> prefixes = CacheKey.segmentPrefixes(deep);
        assertEquals(CacheKey.MAX_PREFIX_SEGMENTS + 1, prefixes.size());
        String deepest = prefixes.get(prefixes.size() - 1);
        assertEquals("/s".repeat(CacheKey.MAX_PREFIX_SEGMENTS) + "/", deepest);
        // a purge of any deeper prefix of the entry bumps a token the entry depends on
        List<String> tokens = CacheKey.tokens(deep, List.of());
        for (int depth : List.of(33, 50, 100)) {
            String purge = "/s".repeat(depth) + "/";
            assertTrue(tokens.contains(CacheKey.prefixToken(purge)), "purge at depth " + depth);
        }
        assertEquals(CacheKey.prefixToken(deepest), CacheKey.prefixToken("/s".repeat(60) + "/"));
        assertEquals("prefix:/s/s/", CacheKey.prefixToken("/s/s/"), "shallow prefixes are not touched");
    }
}
