package dev.edgesync.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void aStarInsideASegmentStaysInThatSegment() {
        PathPattern png = PathPattern.of("/img/*.png");
        for (String key : List.of("/img/a.png", "/img/.png", "/img/logo.png?v=2")) {
            assertTrue(png.matches(key), key);
        }
        for (String key : List.of("/img/a/b.png", "/img/a.png/x", "/img/a.jpg", "/imgs/a.png", "/img/a.pngx")) {
            assertFalse(png.matches(key), key);
        }
    }

    @Test
    void aWholeSegmentStarIsOneOrMoreSegments() {
        PathPattern comments = PathPattern.of("/api/*/comments");
        for (String key : List.of("/api/1/comments", "/api/1/2/comments", "/api/x/comments?page=2")) {
            assertTrue(comments.matches(key), key);
        }
        for (String key : List.of("/api/comments", "/api//comments", "/api/1/comments/3", "/api/1/commentsx")) {
            assertFalse(comments.matches(key), key);
        }
        assertTrue(PathPattern.of("/api/content/*").matches("/api/content/6/x"));
        assertFalse(PathPattern.of("/api/content/*").matches("/api/content/"));
    }

    @Test
    void regexCharactersAreLiteral() {
        assertTrue(PathPattern.of("/a.b/(c)/*+").matches("/a.b/(c)/x+"));
        assertFalse(PathPattern.of("/a.b/*").matches("/aXb/c"));
    }

    @Test
    void notAPathIsRefused() {
        for (String bad : List.of("img/*.png", "/a?b=*", "/a b/*", "/" + "*/".repeat(9))) {
            assertThrows(IllegalArgumentException.class, () -> PathPattern.of(bad), bad);
        }
    }

    @Test
    void anEventNamingOnlyPatternsIsValidAndOneWithABadPatternIsNot() throws Exception {
        InvalidationEvent ok = InvalidationEvent.purge("p1", List.of(), List.of(), List.of(), List.of("/img/*.png"),
                PurgeMode.DEFAULT, Priority.NORMAL, 1000);
        EventCodec.validate(ok);
        assertTrue(EventCodec.decodeEvent(EventCodec.encode(ok)).patterns().contains("/img/*.png"));
        InvalidationEvent bad = InvalidationEvent.purge("p2", List.of(), List.of(), List.of(), List.of("img/*"),
                PurgeMode.DEFAULT, Priority.NORMAL, 1000);
        assertThrows(InvalidEventException.class, () -> EventCodec.validate(bad));
    }

    /** The shortcuts of {@link PathPattern#matches} (prefix, suffix, possessive segments) against the plain regex. */
    @Test
    void matchingAgreesWithThePlainRegexOfThePattern() {
        Random random = new Random(7);
        String[] parts = { "a", "b", "ab", "", "a.png", "*", "a*", "*b", "a*b", "**" };
        for (int i = 0; i < 20_000; i++) {
            String pattern = path(random, parts);
            if (pattern.chars().filter(c -> c == '*').count() > PathPattern.MAX_WILDCARDS) {
                continue;
            }
            String key = path(random, new String[] { "a", "b", "ab", "", "a.png", "ba", "abab" })
                    + (random.nextInt(4) == 0 ? "?q=/b" : "");
            assertEquals(plain(pattern).matcher(key.split("\\?", 2)[0]).matches(), PathPattern.of(pattern).matches(key),
                    pattern + " against " + key);
        }
    }

    private static Pattern plain(String pattern) {
        StringBuilder re = new StringBuilder();
        String[] segments = pattern.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            re.append('/');
            if (segments[i].equals("*")) {
                re.append("[^/]+(?:/[^/]+)*");
            } else {
                for (String piece : segments[i].split("\\*", -1)) {
                    re.append(Pattern.quote(piece)).append("[^/]*");
                }
                re.setLength(re.length() - "[^/]*".length());
            }
        }
        return Pattern.compile(re.toString());
    }

    private static String path(Random random, String[] parts) {
        StringBuilder path = new StringBuilder();
        for (int s = 0, n = 1 + random.nextInt(4); s < n; s++) {
            path.append('/').append(parts[random.nextInt(parts.length)]);
        }
        return path.toString();
    }
}
