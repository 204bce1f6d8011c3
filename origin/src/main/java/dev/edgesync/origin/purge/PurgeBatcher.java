package dev.edgesync.origin.purge;

import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Batches purges: a purge that arrives while an earlier purge event of the same mode and priority is still waiting in
 * the outbox joins that event instead of adding one ({@code PurgeService} finds the waiting event).
 */
final class PurgeBatcher {
    private PurgeBatcher() {
    }

    /** {@code batch} with {@code purge}'s targets added, when both are purges of one mode and priority that fit. */
    static Optional<InvalidationEvent> merge(InvalidationEvent batch, InvalidationEvent purge, int maxEntries) {
        if (batch.kind() != EventKind.PURGE || purge.kind() != EventKind.PURGE || batch.mode() != purge.mode()
                || batch.priority() != purge.priority()) {
            return Optional.empty();
        }
        List<String> keys = union(batch.keys(), purge.keys());
        List<String> tags = union(batch.tags(), purge.tags());
        List<String> prefixes = union(batch.prefixes(), purge.prefixes());
        List<String> patterns = union(batch.patterns(), purge.patterns());
        if (keys.size() + tags.size() + prefixes.size() + patterns.size() > maxEntries) {
            return Optional.empty();
        }
        return Optional.of(InvalidationEvent.purge(batch.id(), keys, tags, prefixes, patterns, batch.mode(),
                batch.priority(), batch.issuedAt()));
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
