package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.testkit.topology.LocalTopology;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Content operations and waits shared by the end-to-end tests, all through HTTP. */
final class Content {
    private Content() {
    }

    static String create(LocalTopology topology, String... tags) {
        String slug = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String tagList = tags.length == 0 ? "" : "\"" + String.join("\",\"", tags) + "\"";
        Reply created = Http.post(topology.originUrl() + "/api/content",
                "{\"title\":\"Cache invalidation\",\"slug\":\"" + slug + "\",\"body\":\"v1 body\",\"tags\":[" + tagList + "]}",
                topology.writeToken());
        assertEquals(201, created.status(), created.body());
        return Http.id(created);
    }

    static String path(String id) {
        return "/api/content/" + id;
    }

    /** Updates the title and returns the version the origin reports. */
    static long update(LocalTopology topology, String id, String title) {
        Reply updated = Http.put(topology.originUrl() + path(id), "{\"title\":\"" + title + "\"}", topology.writeToken());
        assertEquals(200, updated.status(), updated.body());
        return versionOf(updated);
    }

    static long versionOf(Reply reply) {
        var m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*(\\d+)").matcher(reply.body());
        if (!m.find()) {
            throw new AssertionError("no version in " + reply.body());
        }
        return Long.parseLong(m.group(1));
    }

    /** Reads through {@code region}'s edge until {@code done} holds, or fails after {@code timeout}. */
    static Reply readUntil(LocalTopology topology, String region, String id, Duration timeout, Predicate<Reply> done) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Reply last = null;
        while (System.currentTimeMillis() < deadline) {
            last = Http.get(topology.edgeUrl(region) + path(id));
            if (done.test(last)) {
                return last;
            }
            sleep(20);
        }
        throw new AssertionError(region + " did not reach the expected state within " + timeout + "; last: " + last);
    }

    /** The edge's /metrics/summary as a map of numbers and strings. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> summary(LocalTopology topology, String region) {
        Reply reply = Http.get(topology.edgeUrl(region) + "/metrics/summary");
        assertEquals(200, reply.status(), reply.body());
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(reply.body(), Map.class);
        } catch (java.io.IOException e) {
            throw new AssertionError("summary is not JSON: " + reply.body(), e);
        }
    }

    static long number(Map<String, Object> summary, String field) {
        Object value = summary.get(field);
        if (!(value instanceof Number n)) {
            throw new AssertionError("summary has no number " + field + ": " + summary);
        }
        return n.longValue();
    }

    /** Waits until every region has applied the invalidation of item {@code id}'s last write (its propagation status). */
    static void awaitPropagated(LocalTopology topology, String id, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!Http.get(topology.originUrl() + "/api/content/" + id + "/propagation").body()
                .contains("\"status\":\"completed\"")) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the last write of " + id + " was not applied everywhere within " + timeout);
            }
            sleep(50);
        }
    }

    /** Waits until the region's edge has applied {@code count} more invalidations than {@code before}. */
    static void awaitApplied(LocalTopology topology, String region, long before, long count, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        long applied = before;
        while (System.currentTimeMillis() < deadline) {
            applied = number(summary(topology, region), "invalidationsApplied");
            if (applied >= before + count) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError(region + " applied " + (applied - before) + " of " + count + " invalidations in " + timeout);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
