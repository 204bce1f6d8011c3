package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.HttpDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure request-side rules: forwarded headers, client conditionals, unsafe-method invalidation targets. */
class RequestRulesTest {

    @Test
    void fillsDropConditionalsRangeHostAndHopByHop() {
        Map<String, List<String>> client = Map.of("accept", List.of("a"), "if-none-match", List.of("\"x\""),
                "range", List.of("bytes=0-1"), "host", List.of("edge"), "connection", List.of("x-hop"),
                "x-hop", List.of("1"), "authorization", List.of("Bearer t"), "cookie", List.of("c=1"));
        assertEquals(Map.of("accept", List.of("a"), "authorization", List.of("Bearer t"), "cookie", List.of("c=1"),
                "via", List.of("1.1 edgesync")), ForwardedHeaders.toOrigin(client, true));
        assertEquals(List.of("1.0 proxy", "1.1 edgesync"),
                ForwardedHeaders.toOrigin(Map.of("Via", List.of("1.0 proxy")), true).get("via"));
        Map<String, List<String>> write = ForwardedHeaders.toOrigin(client, false);
        assertTrue(write.containsKey("if-none-match"));
        assertFalse(write.containsKey("x-hop"));
        assertFalse(write.containsKey("host"));
    }

    @Test
    void ifNoneMatchWinsOverIfModifiedSince() {
        String lm = HttpDate.format(1_000_000);
        String later = HttpDate.format(2_000_000);
        String earlier = HttpDate.format(500_000);
        assertTrue(ClientConditional.notModified("\"a\"", earlier, "\"a\"", lm, null));
        assertFalse(ClientConditional.notModified("\"b\"", later, "\"a\"", lm, null));
        assertTrue(ClientConditional.notModified(null, later, "\"a\"", lm, null));
        assertTrue(ClientConditional.notModified(null, lm, "\"a\"", lm, null));
        assertFalse(ClientConditional.notModified(null, earlier, "\"a\"", lm, null));
        assertFalse(ClientConditional.notModified(null, "garbage", "\"a\"", lm, null));
        assertTrue(ClientConditional.notModified(null, later, null, null, lm));
        assertFalse(ClientConditional.notModified(null, null, "\"a\"", lm, null));
    }

    @Test
    void unsafeRequestsInvalidateTargetAndSameOriginLocations() {
        assertEquals(List.of("/a", "/b/c"), InvalidationTargets.of("/a", "edge:5001", "http://origin:4000",
                "/b/c", null));
        assertEquals(List.of("/a/x", "/a/y?q=1"), InvalidationTargets.of("/a/x", "edge:5001", "http://origin:4000",
                "y?q=1", "/a/x"));
        assertEquals(List.of("/a", "/z"), InvalidationTargets.of("/a", "edge:5001", "http://origin:4000",
                "http://EDGE:5001/z", null));
        assertEquals(List.of("/a", "/o"), InvalidationTargets.of("/a", "edge:5001", "http://origin:4000",
                "http://origin:4000/o", null));
        assertEquals(List.of("/a"), InvalidationTargets.of("/a", "edge:5001", "http://origin:4000",
                "http://elsewhere.example/z", "https://edge:5001/q"));
        assertEquals("/p", InvalidationTargets.sameOriginKey("/a", "edge", "http://o", "http://edge:80/p#frag"));
        assertNull(InvalidationTargets.sameOriginKey("/a", "edge", "http://o", "mailto:x@y"));
    }
}
