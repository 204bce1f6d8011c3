package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
                "tag:content-1", "tag:news"),
                CacheKey.tokens("/api/content/1", List.of("content-1", "news", "content-1")));
    }

    @Test
    void surrogateKeysAreSpaceSeparated() {
        assertEquals(List.of("content-1", "tech", "news"), CacheKey.surrogateKeys("  content-1   tech news tech "));
        assertEquals(List.of(), CacheKey.surrogateKeys(null));
        assertEquals(List.of(), CacheKey.surrogateKeys(" "));
    }
}
