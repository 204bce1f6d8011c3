package dev.edgesync.edge.warming;

/**
 * Which object request {@code j} of a JIT warm-up in rounds of {@code total} asks for, and how: the first half of a
 * round asks each new object four times in a row (with its neighbours in flight at once: one miss fills, the others
 * wait for it or hit), the second half revisits the round's objects (event-loop hits, and revalidations once their
 * two seconds are up); every fourth request is conditional on the object's ETag (a 304) and every eighth a HEAD. A
 * round after the first asks for new objects again (misses).
 */
final class WarmupPlan {
    record Request(int object, boolean conditional, boolean head) {
    }

    private WarmupPlan() {
    }

    /** How many objects a warm-up of {@code total} requests uses. */
    static int objects(int total) {
        return Math.max(1, (total / 2 + 3) / 4);
    }

    static Request request(int j, int total) {
        int round = j / total;
        int i = j % total;
        int object = i < total / 2 ? i / 4 : ((i - total / 2) / 2) % objects(total);
        return new Request(round * objects(total) + object, j % 4 == 3, j % 8 == 5);
    }
}
