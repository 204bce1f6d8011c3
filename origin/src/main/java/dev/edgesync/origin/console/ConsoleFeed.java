package dev.edgesync.origin.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.origin.config.OriginConfig;
import dev.edgesync.origin.outbox.OutboxWritten;
import dev.edgesync.origin.persistence.EventAck;
import dev.edgesync.origin.persistence.OutboxEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * What the live console shows, pushed to every open page: the timeline of writes and purges (commit from the outbox,
 * publication and acknowledgements from the database, first read of the new version through each region's edge) and
 * each region's summary. Each browser gets a snapshot, then updates; one that falls {@code client-buffer} events
 * behind is cut off and reconnects for a fresh snapshot, so memory stays bounded on both sides.
 */
@ApplicationScoped
public class ConsoleFeed {
    private static final Logger LOG = Logger.getLogger(ConsoleFeed.class);
    /** Most content items read through the regions at once, so an open console adds little load under a workload. */
    private static final int MAX_ITEMS_READ = 10;

    private final Timeline timeline;
    private final EdgeDirectory edges;
    private final ConsoleConfig config;
    private final ObjectMapper json;
    private final EdgeClient client = new EdgeClient();
    /** onNext comes from the commit, scheduler and HTTP client threads: serialised, as Reactive Streams requires. */
    private final BroadcastProcessor<String> browsers = BroadcastProcessor.create();
    private final SerializedProcessor<String, String> live = browsers.serialized();
    private final Map<String, RegionState> regionStates = new ConcurrentHashMap<>();
    private final Set<String> readsInFlight = ConcurrentHashMap.newKeySet();
    /** Open pages: the console reads items through the regions only while someone watches (its reads are real reads). */
    private final AtomicInteger watchers = new AtomicInteger();

    /** The last summary read from a region's edge, or why there is none. */
    public record RegionState(JsonNode summary, String error, long polledAt) {
    }

    /** One region as the console shows it. */
    public record RegionView(String region, boolean edgeKnown, boolean reachable, String error, JsonNode summary,
            Timeline.Lag lag, Long polledAt) {
    }

    public ConsoleFeed(OriginConfig origin, ConsoleConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.edges = EdgeDirectory.parse(config.edges().orElse(""));
        List<String> regions = new ArrayList<>(origin.regions());
        edges.edges().keySet().stream().filter(r -> !regions.contains(r)).forEach(regions::add);
        this.timeline = new Timeline(regions, config.timelineSize(), config.watch().toMillis());
    }

    public EdgeDirectory edges() {
        return edges;
    }

    /** The snapshot, then every update, as JSON strings. */
    public Multi<String> stream() {
        // the buffer after the merge: before it, the merge's own prefetch queue held more unread messages past it
        return Multi.createBy().merging().streams(browsers, Multi.createFrom().item(this::snapshot))
                .onOverflow().buffer(config.clientBuffer())
                .onSubscription().invoke(watchers::incrementAndGet)
                .onTermination().invoke(watchers::decrementAndGet);
    }

    /** Pages open now. */
    public int watchers() {
        return watchers.get();
    }

    public synchronized Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("type", "snapshot");
        state.put("serverTime", System.currentTimeMillis());
        state.put("capacity", timeline.capacity());
        state.put("pages", watchers.get());
        state.put("regions", regions());
        state.put("changes", timeline.changes());
        return state;
    }

    private String snapshot() {
        return write(state());
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        try {
            long committedAt = System.currentTimeMillis();
            OutboxEntry entry = QuarkusTransaction.requiringNew().call(() -> OutboxEntry.findById(written.outboxId()));
            if (entry == null) {
                return;
            }
            InvalidationEvent event = EventCodec.decodeEvent(entry.payload);
            Timeline.Change change;
            synchronized (this) {
                change = timeline.committed(event.id(), event.kind().wire(), entry.contentId, event.version(),
                        event.keys(), event.tags(), event.prefixes(), event.mode().wire(), event.issuedAt(),
                        committedAt, dev.edgesync.origin.tracing.OutboxTracing.traceId(entry.traceparent));
            }
            publishChange(change);
        } catch (InvalidEventException | RuntimeException e) {
            LOG.debugf(e, "console: outbox row %d not shown", written.outboxId());
        }
    }

    @Scheduled(every = "${edgesync.console.tick:100ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        long now = System.currentTimeMillis();
        List<String> awaitingAcks;
        Map<String, Map<Long, String>> awaitingReads;
        List<Timeline.Change> expired;
        synchronized (this) {
            expired = timeline.expire(now);
            awaitingAcks = timeline.awaitingAcks(now);
            awaitingReads = timeline.awaitingReads(now);
        }
        expired.forEach(this::publishChange);
        if (!awaitingAcks.isEmpty()) {
            try {
                collectAcks(awaitingAcks);
            } catch (RuntimeException e) {
                LOG.debugf(e, "console: acknowledgements not read");
            }
        }
        if (watchers.get() == 0) {
            // nobody watches: reading would be a reader of its own (a lazy region revalidates for it), so the lab's
            // measurements and a user's own reads see only their own traffic
            return;
        }
        awaitingReads.forEach((region, items) -> items.entrySet().stream().limit(MAX_ITEMS_READ)
                .forEach(item -> read(region, item.getKey(), item.getValue())));
    }

    private void collectAcks(List<String> ids) {
        record Sent(String eventId, long sentAt) {
        }
        List<EventAck> acks = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            acks.addAll(EventAck.<EventAck>list("eventId in ?1", ids));
            OutboxEntry.<OutboxEntry>list("eventId in ?1 and sentAt is not null", ids)
                    .forEach(e -> sent.add(new Sent(e.eventId, e.sentAt.toEpochMilli())));
        });
        List<Timeline.Change> updated = new ArrayList<>();
        synchronized (this) {
            sent.forEach(s -> timeline.published(s.eventId(), s.sentAt()).ifPresent(updated::add));
            acks.stream().sorted(java.util.Comparator.comparingLong((EventAck a) -> a.appliedAt)) // shown in apply order
                    .forEach(a -> timeline.applied(a.eventId, a.region, a.appliedAt, a.instance)
                            .ifPresent(updated::add));
        }
        updated.forEach(this::publishChange);
    }

    private void read(String region, long contentId, String key) {
        URI edge = edges.url(region);
        String flight = region + "|" + contentId;
        if (edge == null || key == null || !readsInFlight.add(flight)) {
            return;
        }
        client.read(edge, key).whenComplete((read, failure) -> {
            readsInFlight.remove(flight);
            if (failure != null || read == null || (read.status() != 200 && read.status() != 404)) {
                return;
            }
            List<Timeline.Change> updated;
            synchronized (this) {
                updated = timeline.served(region, contentId, read.version(), read.status() == 404, read.cache(),
                        System.currentTimeMillis());
            }
            updated.forEach(this::publishChange);
        });
    }

    @Scheduled(every = "${edgesync.console.regions-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void pollRegions() {
        edges.edges().forEach((region, url) -> client.summary(url).whenComplete((body, failure) -> {
            long now = System.currentTimeMillis();
            if (failure != null) {
                regionStates.put(region, new RegionState(null, String.valueOf(rootCause(failure).getMessage()), now));
                return;
            }
            try {
                regionStates.put(region, new RegionState(json.readTree(body), null, now));
            } catch (JsonProcessingException e) {
                regionStates.put(region, new RegionState(null, "unreadable summary", now));
            }
        }));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "regions");
        message.put("serverTime", System.currentTimeMillis());
        synchronized (this) {
            message.put("regions", regions());
        }
        live.onNext(write(message));
    }

    private List<RegionView> regions() {
        Map<String, Timeline.Lag> lag = timeline.lag();
        List<RegionView> views = new ArrayList<>();
        for (String region : timeline.regions()) {
            RegionState state = regionStates.get(region);
            boolean known = edges.url(region) != null;
            views.add(new RegionView(region, known, state != null && state.summary() != null,
                    state == null ? (known ? "not read yet" : "no edge URL (edgesync.console.edges)") : state.error(),
                    state == null ? null : state.summary(), lag.get(region), state == null ? null : state.polledAt()));
        }
        return views;
    }

    private void publishChange(Timeline.Change change) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "change");
        message.put("change", change);
        live.onNext(write(message));
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
