package dev.edgesync.origin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.origin.service.ContentView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheHeadersTest {
    private final ContentView item = new ContentView(42, "t", "s", "b", List.of("news", "tech"), 7,
            Instant.parse("2024-03-05T06:07:08.123456Z"));

    @Test
    void etagIsStrongAndNamesIdAndVersion() {
        assertEquals("\"42-7\"", CacheHeaders.etag(item));
    }

    @Test
    void lastModifiedIsAnImfFixdateWithATwoDigitDay() {
        assertEquals("Tue, 05 Mar 2024 06:07:08 GMT", CacheHeaders.httpDate(item.updatedAt()));
    }

    @Test
    void surrogateKeyNamesTheItemThenItsTags() {
        assertEquals("content-42 news tech", CacheHeaders.surrogateKey(item));
    }

    @Test
    void ifNoneMatchMatchesListsWeakFormsAndStar() {
        String etag = CacheHeaders.etag(item);
        assertTrue(CacheHeaders.noneMatchHits("\"42-7\"", etag));
        assertTrue(CacheHeaders.noneMatchHits("\"1-1\", W/\"42-7\"", etag));
        assertTrue(CacheHeaders.noneMatchHits("*", etag));
        assertFalse(CacheHeaders.noneMatchHits("\"42-6\"", etag));
        assertFalse(CacheHeaders.noneMatchHits("42-7", etag));
        assertFalse(CacheHeaders.noneMatchHits(null, etag));
        assertFalse(CacheHeaders.noneMatchHits("", etag));
    }
}
