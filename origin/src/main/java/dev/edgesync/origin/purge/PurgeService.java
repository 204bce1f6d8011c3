package dev.edgesync.origin.purge;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import dev.edgesync.events.problem.ProblemException;
import dev.edgesync.origin.config.OriginConfig;
import dev.edgesync.origin.outbox.Outbox;
import dev.edgesync.origin.persistence.EventAck;
import dev.edgesync.origin.persistence.OutboxDeadLetter;
import dev.edgesync.origin.persistence.OutboxEntry;
import dev.edgesync.origin.persistence.Purge;
import dev.edgesync.origin.service.ContentRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Accepts purges (purge row and outbox event in one transaction) and reports how far purges and
 * content events got, per region, from the regions' acknowledgements.
 */
@ApplicationScoped
public class PurgeService {
    /** Most keys, tags and prefixes one purge may name, all together. */
    public static final int MAX_ENTRIES = 1000;

    private final Outbox outbox;
    private final OriginConfig config;

    public PurgeService(Outbox outbox, OriginConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * Accepts a purge. An identical purge (same canonical targets, mode and priority) that is still pending and not
     * yet applied in any region is not repeated: its status is returned, with its id. Otherwise the purge joins a
     * batch event still waiting in the outbox ({@link #joinBatch}) or gets an event of its own.
     */
    @Transactional
    public PurgeStatus submit(PurgeRequest request) {
        List<String> hosts = PurgeTargets.hosts(request == null || request.hosts() == null ? List.of() : request.hosts(),
                config.purge().hosts().orElse(List.of()));
        InvalidationEvent event = toEvent(request, !hosts.isEmpty(), outbox.issuedAt());
        String fingerprint = PurgeFingerprint.of(event);
        // identical purges submitted at once queue here, so the second one sees the first
        Purge.getEntityManager().createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext(?1))) l")
                .setParameter(1, fingerprint).getSingleResult();
        Purge identical = Purge.find("fingerprint = ?1 and issuedAt >= ?2 order by issuedAt desc", fingerprint,
                event.issuedAt() - config.purge().deadline().toMillis()).firstResult();
        if (identical != null && EventAck.count("eventId", identical.eventId) == 0) {
            return status(identical, List.of());
        }
        Purge purge = new Purge();
        purge.id = event.id();
        purge.createdAt = Instant.ofEpochMilli(event.issuedAt());
        purge.issuedAt = event.issuedAt();
        purge.keys = event.keys();
        purge.tags = event.tags();
        purge.prefixes = event.prefixes();
        purge.patterns = event.patterns();
        purge.hosts = hosts;
        purge.mode = event.mode().wire();
        purge.priority = event.priority().wire();
        purge.fingerprint = fingerprint;
        purge.eventId = joinBatch(event).orElse(event.id());
        if (purge.eventId.equals(event.id())) {
            outbox.append(event, null);
        }
        purge.persist();
        return status(purge, List.of());
    }

    /**
     * Merges {@code purge} into a purge event of the same mode and priority that is still waiting in the outbox,
     * written at most the batch window ago, when both fit in one event ({@link PurgeBatcher}); returns the id of the
     * event it joined. The regions then apply one event for both. The row is taken {@code FOR UPDATE SKIP LOCKED}: a
     * row the relay is publishing is never changed, the purge gets its own event instead.
     */
    private Optional<String> joinBatch(InvalidationEvent purge) {
        long windowMs = config.purge().batchWindow().toMillis();
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
            Optional<InvalidationEvent> merged = PurgeBatcher.merge(batch, purge, MAX_ENTRIES);
            if (merged.isEmpty()) {
                continue;
            }
            String payload = EventCodec.encode(merged.get());
            if (payload.getBytes(StandardCharsets.UTF_8).length > config.outbox().maxEventSize()) {
                continue;
            }
            row.payload = payload;
            return Optional.of(batch.id());
        }
        return Optional.empty();
    }

    @Transactional
    public PurgeStatus status(String id) {
        if (id.length() > 64 || ContentRules.hasControl(id, false)) {
            throw ProblemException.notFound("a purge with this id"); // ids are UUIDs; never echo control characters
        }
        Purge purge = Purge.findById(id);
        if (purge == null) {
            throw ProblemException.notFound("purge " + id);
        }
        return status(purge, EventAck.forEvent(purge.eventId));
    }

    /** How far the latest event about content {@code contentId} got, region by region. */
    @Transactional
    public Propagation propagation(long contentId) {
        OutboxEntry entry = OutboxEntry.find("contentId = ?1 order by id desc", contentId).firstResult();
        if (entry == null) {
            throw ProblemException.notFound("content " + contentId);
        }
        InvalidationEvent event;
        try {
            event = EventCodec.decodeEvent(entry.payload);
        } catch (InvalidEventException e) {
            throw new IllegalStateException("outbox row " + entry.id + " holds an unreadable event", e);
        }
        Map<String, PurgeStatus.RegionStatus> regions = PurgeLifecycle.regions(config.regions(),
                acks(EventAck.forEvent(event.id())), event.issuedAt(), config.purge().deadline().toMillis(),
                entry.sentAt != null ? PurgeLifecycle.Publication.PUBLISHED : PurgeLifecycle.Publication.UNSENT, null,
                System.currentTimeMillis());
        return new Propagation(contentId, event.id(), event.kind().wire(), event.version(), event.issuedAt(),
                entry.sentAt != null, overall(regions), regions);
    }

    /** Purges created at or after {@code since} (epoch ms), newest first, at most {@code limit}. */
    @Transactional
    public List<PurgeStatus> since(long since, int limit) {
        List<Purge> purges = Purge.find("createdAt >= ?1 order by createdAt desc", Instant.ofEpochMilli(since))
                .page(0, limit).list();
        return purges.stream().map(p -> status(p, EventAck.forEvent(p.eventId))).toList();
    }

    private PurgeStatus status(Purge purge, List<EventAck> acks) {
        PurgeLifecycle.Publication publication = PurgeLifecycle.Publication.PUBLISHED;
        String deadLetterError = null;
        OutboxEntry entry = OutboxEntry.find("eventId", purge.eventId).firstResult();
        if (entry != null && entry.sentAt == null) {
            publication = PurgeLifecycle.Publication.UNSENT;
        } else if (entry == null) {
            OutboxDeadLetter dead = OutboxDeadLetter.find("eventId", purge.eventId).firstResult();
            if (dead != null) {
                publication = PurgeLifecycle.Publication.DEAD_LETTERED;
                deadLetterError = dead.error;
            }
        }
        long deadlineMs = config.purge().deadline().toMillis();
        Map<String, PurgeStatus.RegionStatus> regions = PurgeLifecycle.regions(config.regions(), acks(acks),
                purge.issuedAt, deadlineMs, publication, deadLetterError, System.currentTimeMillis());
        List<String> hosts = purge.hosts == null || purge.hosts.isEmpty() ? null : purge.hosts;
        return new PurgeStatus(purge.id, purge.createdAt.toEpochMilli(), purge.keys, purge.tags, purge.prefixes,
                purge.patterns, hosts, purge.mode, purge.priority, PurgeLifecycle.overall(regions.values()),
                purge.issuedAt + deadlineMs, PurgeLifecycle.progress(regions.values()), regions,
                entry == null ? null : dev.edgesync.origin.tracing.OutboxTracing.traceId(entry.traceparent));
    }

    private static Map<String, PurgeLifecycle.Ack> acks(List<EventAck> acks) {
        return acks.stream().collect(Collectors.toMap(a -> a.region, a -> new PurgeLifecycle.Ack(a.appliedAt,
                a.instance), (a, b) -> a));
    }

    private static String overall(Map<String, PurgeStatus.RegionStatus> regions) {
        return PurgeLifecycle.overall(regions.values());
    }

    /**
     * The event a purge request becomes, checked with the same rules the edges apply; {@code everything} when it named
     * a served host (already checked), which the edges cannot tell from the rest of their cache.
     */
    static InvalidationEvent toEvent(PurgeRequest request, boolean everything, long issuedAt) {
        if (request == null) {
            throw ProblemException.invalid("a JSON body naming keys, tags, prefixes, patterns, hosts or all is required");
        }
        List<String> keys = orEmpty(request.keys());
        List<String> tags = orEmpty(request.tags());
        List<String> prefixes = new java.util.ArrayList<>(orEmpty(request.prefixes()));
        List<String> patterns = orEmpty(request.patterns());
        if (Boolean.TRUE.equals(request.all()) || everything) {
            prefixes.add("/");
        }
        if (keys.size() + tags.size() + prefixes.size() + patterns.size() > MAX_ENTRIES) {
            throw new ProblemException(400, "too-many-targets", "a purge names at most "
                    + MAX_ENTRIES + " keys, tags, prefixes and patterns in all");
        }
        if (Stream.of(keys, tags, prefixes, patterns).flatMap(List::stream).anyMatch(Objects::isNull)) {
            throw ProblemException.invalid("keys, tags, prefixes and patterns must not contain null");
        }
        if (Stream.of(keys, tags, prefixes, patterns).flatMap(List::stream)
                .anyMatch(e -> ContentRules.hasControl(e, false))) {
            throw ProblemException.invalid("keys, tags, prefixes and patterns must not contain control characters");
        }
        keys = PurgeTargets.keys(keys);
        prefixes = PurgeTargets.prefixes(prefixes);
        patterns = PurgeTargets.patterns(patterns);
        PurgeMode mode = parse(request.mode(), PurgeMode.DEFAULT, PurgeMode::fromWire);
        Priority priority = parse(request.priority(), Priority.NORMAL, Priority::fromWire);
        InvalidationEvent event = InvalidationEvent.purge(UUID.randomUUID().toString(), keys, tags, prefixes,
                patterns, mode, priority, issuedAt);
        try {
            EventCodec.validate(event);
        } catch (InvalidEventException e) {
            throw ProblemException.invalid(e.getMessage().replace("event " + event.id() + ": ", "")
                    .replace("event " + event.id() + " ", "purge "));
        }
        return event;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static <T> T parse(String value, T fallback, Function<String, T> parser) {
        if (value == null) {
            return fallback;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(e.getMessage());
        }
    }
}
