package dev.edgesync.origin.purge;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import dev.edgesync.origin.config.OriginConfig;
import dev.edgesync.origin.outbox.OutboxWriter;
import dev.edgesync.origin.persistence.EventAck;
import dev.edgesync.origin.persistence.OutboxEntry;
import dev.edgesync.origin.persistence.Purge;
import dev.edgesync.origin.service.ContentRules;
import dev.edgesync.origin.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private final OutboxWriter outbox;
    private final OriginConfig config;

    public PurgeService(OutboxWriter outbox, OriginConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    @Transactional
    public PurgeStatus submit(PurgeRequest request) {
        InvalidationEvent event = toEvent(request, outbox.issuedAt());
        Purge purge = new Purge();
        purge.id = event.id();
        purge.createdAt = Instant.ofEpochMilli(event.issuedAt());
        purge.issuedAt = event.issuedAt();
        purge.keys = event.keys();
        purge.tags = event.tags();
        purge.prefixes = event.prefixes();
        purge.mode = event.mode().wire();
        purge.priority = event.priority().wire();
        purge.persist();
        outbox.append(event, null);
        return status(purge, List.of());
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
        return status(purge, EventAck.forEvent(id));
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
        Map<String, PurgeStatus.RegionStatus> regions = regions(EventAck.forEvent(event.id()), event.issuedAt());
        return new Propagation(contentId, event.id(), event.kind().wire(), event.version(), event.issuedAt(),
                entry.sentAt != null, overall(regions), regions);
    }

    private PurgeStatus status(Purge purge, List<EventAck> acks) {
        Map<String, PurgeStatus.RegionStatus> regions = regions(acks, purge.issuedAt);
        return new PurgeStatus(purge.id, purge.createdAt.toEpochMilli(), purge.keys, purge.tags, purge.prefixes,
                purge.mode, purge.priority, overall(regions), regions);
    }


    private Map<String, PurgeStatus.RegionStatus> regions(List<EventAck> acks, long issuedAt) {
        Map<String, EventAck> byRegion = acks.stream().collect(Collectors.toMap(a -> a.region, Function.identity()));
        Map<String, PurgeStatus.RegionStatus> regions = new LinkedHashMap<>();
        for (String region : config.regions()) {
            EventAck ack = byRegion.get(region);
            regions.put(region, ack == null
                    ? PurgeStatus.RegionStatus.pending()
                    : PurgeStatus.RegionStatus.applied(ack.appliedAt, issuedAt, ack.instance));
        }
        return regions;
    }

    private static String overall(Map<String, PurgeStatus.RegionStatus> regions) {
        return regions.values().stream().allMatch(r -> PurgeStatus.APPLIED.equals(r.status()))
                ? PurgeStatus.APPLIED
                : PurgeStatus.PENDING;
    }

    /** The event a purge request becomes, checked with the same rules the edges apply. */
    static InvalidationEvent toEvent(PurgeRequest request, long issuedAt) {
        if (request == null) {
            throw ProblemException.invalid("a JSON body naming keys, tags or prefixes is required");
        }
        List<String> keys = orEmpty(request.keys());
        List<String> tags = orEmpty(request.tags());
        List<String> prefixes = orEmpty(request.prefixes());
        if (keys.size() + tags.size() + prefixes.size() > MAX_ENTRIES) {
            throw ProblemException.invalid("a purge names at most " + MAX_ENTRIES + " keys, tags and prefixes in all");
        }
        if (Stream.of(keys, tags, prefixes).flatMap(List::stream).anyMatch(Objects::isNull)) {
            throw ProblemException.invalid("keys, tags and prefixes must not contain null");
        }
        if (Stream.of(keys, tags, prefixes).flatMap(List::stream).anyMatch(e -> ContentRules.hasControl(e, false))) {
            throw ProblemException.invalid("keys, tags and prefixes must not contain control characters");
        }
        PurgeMode mode = parse(request.mode(), PurgeMode.DEFAULT, PurgeMode::fromWire);
        Priority priority = parse(request.priority(), Priority.NORMAL, Priority::fromWire);
        InvalidationEvent event = InvalidationEvent.purge(UUID.randomUUID().toString(), keys, tags, prefixes, mode,
                priority, issuedAt);
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
