package dev.edgesync.origin.outbox;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.problem.ProblemException;
import dev.edgesync.origin.config.OriginConfig;
import dev.edgesync.origin.persistence.OutboxEntry;
import dev.edgesync.origin.rest.CacheHeaders;
import dev.edgesync.origin.service.ContentView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Appends invalidation events to the outbox inside the caller's transaction, so that an event
 * exists exactly when the change that caused it was committed.
 */
@ApplicationScoped
public class OutboxWriter {
    private final Event<OutboxWritten> written;
    private final OpenWrites openWrites;
    private final TransactionSynchronizationRegistry transactions;
    private final int maxEventSize;
    @jakarta.inject.Inject
    dev.edgesync.origin.tracing.OutboxTracing tracing;

    public OutboxWriter(Event<OutboxWritten> written, OpenWrites openWrites,
            TransactionSynchronizationRegistry transactions, OriginConfig config) {
        this.written = written;
        this.openWrites = openWrites;
        this.transactions = transactions;
        this.maxEventSize = config.outbox().maxEventSize();
    }

    /**
     * The {@code issuedAt} for an event of the current transaction. The transaction counts as an open write until
     * it completes, so the relay never stamps a heartbeat later than an event that may still commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long issuedAt() {
        long started = openWrites.begin();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                openWrites.end(started);
            }
        });
        return Math.max(started, System.currentTimeMillis());
    }

    /**
     * Records that content {@code contentId} reached {@code version}. Call it as the last step of the
     * write: issuedAt is taken here, just before commit, because edges apply events at issuedAt plus
     * their region's delay.
     *
     * <p>The item itself is invalidated by its key and version, which edges compare with the version
     * they hold, so a late or repeated event never evicts a copy that is already as new. Its tag
     * {@code content-<id>} stays out of the event: tags carry no version, and this item's own create
     * event would otherwise evict the copy that was filled from it. Lists carry no version either and
     * are invalidated by the {@code content-list} tag.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void contentChanged(EventKind kind, long contentId, long version) {
        InvalidationEvent event = InvalidationEvent.contentChanged(kind, ContentView.cacheKey(contentId),
                List.of(CacheHeaders.LIST_SURROGATE_KEY), version, issuedAt());
        append(event, contentId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(InvalidationEvent event, Long contentId) {
        String payload = EventCodec.encode(event);
        int size = payload.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxEventSize) {
            throw new ProblemException(413, "event-too-large", "the invalidation event would be "
                    + size + " bytes; at most " + maxEventSize + " are accepted (fewer or shorter keys, tags, prefixes)");
        }
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = event.id();
        entry.topic = event.topic();
        entry.partitionKey = event.partitionKey();
        entry.payload = payload;
        entry.contentId = contentId;
        entry.createdAt = Instant.now();
        entry.traceparent = tracing.commitSpan(event.id());
        entry.persist();
        written.fire(new OutboxWritten(entry.id, entry.topic));
    }
}
