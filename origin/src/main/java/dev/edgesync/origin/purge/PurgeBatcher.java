package dev.edgesync.origin.purge;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.origin.persistence.OutboxEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Batches purges: a purge that arrives while an earlier purge event of the same mode and priority, written at most
 * the batch window ago, is still waiting in the outbox joins that event instead of adding one. The regions then
 * apply one event for both. The row is taken {@code FOR UPDATE SKIP LOCKED}: a row the relay is publishing is
 * never changed, the purge gets its own event instead.
 */
@ApplicationScoped
public class PurgeBatcher {

    /**
     * Merges {@code purge} into a waiting purge event when one fits (at most {@code maxEntries} targets and
     * {@code maxEventSize} bytes together); returns the id of the event it joined.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> join(InvalidationEvent purge, long windowMs, int maxEntries, int maxEventSize) {
        if (windowMs <= 0) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<OutboxEntry> waiting = OutboxEntry.getEntityManager().createNativeQuery("""
                select * from outbox where sent_at is null and content_id is null and topic = ?1 and created_at >= ?2
                order by id desc limit 1 for update skip locked""", OutboxEntry.class)
                .setParameter(1, purge.topic())
                .setParameter(2, Instant.now().minusMillis(windowMs))
                .getResultList();
        for (OutboxEntry row : waiting) {
            InvalidationEvent batch;
            try {
                batch = EventCodec.decodeEvent(row.payload);
            } catch (InvalidEventException e) {
                continue;
            }
            Optional<InvalidationEvent> merged = merge(batch, purge, maxEntries);
            if (merged.isEmpty()) {
                continue;
            }
            String payload = EventCodec.encode(merged.get());
            if (payload.getBytes(StandardCharsets.UTF_8).length > maxEventSize) {
                continue;
            }
            row.payload = payload;
            return Optional.of(batch.id());
        }
        return Optional.empty();
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
