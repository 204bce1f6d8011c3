package dev.edgesync.edge.warming;

/**
 * Which object request {@code j} of a JIT warm-up in rounds of {@code total} asks for, and how: the first half of a
 * round asks each object four times in a row (with its neighbours in flight at once: in the first round one miss
 * fills, the others wait for it or hit), the second half revisits them (event-loop hits, and revalidations once their
 * two seconds are up); every fourth request is conditional (a 304 from the copy) and every eighth a HEAD. Later rounds
 * ask for the same objects, stale by then: the {@link WarmupOrigin} has a new version, so they are filled again. The
 * region's Redis holds at most {@link #objects} of them.
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
        int i = j % total;
        int object = i < total / 2 ? i / 4 : ((i - total / 2) / 2) % objects(total);
        return new Request(object, j % 4 == 3, j % 8 == 5);
    }
}
