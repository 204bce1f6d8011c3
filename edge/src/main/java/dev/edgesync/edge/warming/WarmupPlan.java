package dev.edgesync.edge.warming;

/**
 * Which object request {@code j} of a JIT warm-up in rounds of {@code total} asks for, and how: the first half of a
 * round asks each of its new objects twice in a row (with its neighbours in flight at once: one plain miss fills, the
 * other waits for it or hits), the second half revisits them (event-loop hits, and revalidations once their two
 * seconds are up); every fourth request is conditional (a 304 from the copy) and every eighth a HEAD. The first
 * {@link #RANGES} rounds have objects of their own, so that a quarter of their requests are plain misses: with one
 * set of objects for all rounds, later rounds only revalidated, a warm-up of 20,000 requests made 2,500 misses, and a
 * replica ready after it still spent 3 to 7 of its first 10 s of miss load compiling (docs/benchmark.md).
 * Later rounds ask for those objects again, stale by then: the {@link WarmupOrigin} has a new version, so they are
 * filled again. The region's Redis holds at most {@link #allObjects} of them (every new object a round adds stays
 * there for {@code edgesync.cache.retain-after-stale}: a new set every round left 86 MB).
 */
final class WarmupPlan {
    /** Rounds with objects of their own (10,000 plain misses for 20,000 requests); later rounds cycle through them. */
    static final int RANGES = 2;

    record Request(int object, boolean conditional, boolean head) {
    }

    private WarmupPlan() {
    }

    /** How many objects one round of {@code total} requests fills. */
    static int objects(int total) {
        return Math.max(1, (total / 2 + 1) / 2);
    }

    /** How many objects a warm-up in rounds of {@code total} requests uses in all. */
    static int allObjects(int total) {
        return RANGES * objects(total);
    }

    static Request request(int j, int total) {
        int i = j % total;
        int perRound = objects(total);
        int first = (j / total) % RANGES * perRound;
        int object = first + (i < total / 2 ? i / 2 : ((i - total / 2) / 2) % perRound);
        return new Request(object, j % 4 == 3, j % 8 == 5);
    }
}
