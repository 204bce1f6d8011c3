package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.config.InstanceId;
import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Consumes {@code edgesync.invalidations} (group {@code edgesync-edge-<region>}). A message is acknowledged, and
 * so its offset committed (throttled strategy), only after the event is applied to Redis; then the region's
 * {@link InvalidationAck} is published (a priority-lane event's through its own channel, {@code acks-priority}).
 * Unreadable events are nacked with their reason and go to the dead-letter topic; the consumer carries on.
 *
 * <p>Each event's stages ({@link ApplyStages}: received, due, started, applied, ack sent) are timed, and logged
 * for the priority lane, so a late critical purge says where its time went.
 *
 * <p>Events wait for their due time concurrently (up to {@value #MAX_IN_FLIGHT} at once), which is safe because
 * applying is commutative.
 *
 * <p>Per partition it tracks the relay's heartbeats ({@link PartitionProgress}) and raises the partition's
 * watermark in the region's Redis ({@link AppliedWatermarks}), from which every replica's {@link StalenessLease}
 * is read.
 */
@ApplicationScoped
public class InvalidationConsumer {
    private static final Logger LOG = Logger.getLogger(InvalidationConsumer.class);
    static final int MAX_IN_FLIGHT = 1000;
    /** Kafka header marking an ack of the priority lane, so the origin can store it ahead of the others. */
    public static final String LANE_HEADER = "edgesync-lane";

    private final InvalidationScheduler scheduler;
    private final SettingsInForce settings;
    private final EdgeMetrics metrics;
    private final Emitter<String> acks;
    private final Emitter<String> priorityAcks;
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger priorityInFlight = new AtomicInteger();
    private final AppliedWatermarks watermarks;
    private final ConcurrentMap<Integer, PartitionProgress> progress = new ConcurrentHashMap<>();
    @jakarta.inject.Inject
    dev.edgesync.edge.warming.CacheWarmer warmer;
    @jakarta.inject.Inject
    dev.edgesync.edge.tracing.ApplyTracing tracing;

    private final InstantSource clock;

    public InvalidationConsumer(InvalidationScheduler scheduler, SettingsInForce settings, EdgeMetrics metrics,
            AppliedWatermarks watermarks, MeterRegistry registry, InstantSource clock,
            @Channel("acks") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10000) Emitter<String> acks,
            @Channel("acks-priority") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1000) Emitter<String> priorityAcks) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.registry = registry;
        this.priorityAcks = priorityAcks;
        this.watermarks = watermarks;
        this.settings = settings;
        this.metrics = metrics;
        this.acks = acks;
    }

    @Incoming("invalidations")
    public CompletionStage<Void> consume(Message<String> message) {
        return consume(message, false);
    }

    /**
     * The priority lane ({@code edgesync.invalidations.priority}, critical and high purges): its own consumer, its
     * own in-flight budget and its own apply thread, so a backlog on the main topic never holds it up. Its partitions
     * carry no heartbeats and take no part in the staleness lease.
     */
    @Incoming("invalidations-priority")
    public CompletionStage<Void> consumePriority(Message<String> message) {
        return consume(message, true);
    }

    private CompletionStage<Void> consume(Message<String> message, boolean priorityLane) {
        AtomicInteger inFlight = priorityLane ? priorityInFlight : this.inFlight;
        InvalidationEvent event;
        try {
            event = EventCodec.decodeEvent(message.getPayload());
        } catch (InvalidEventException e) {
            metrics.deadLetter();
            LOG.warnf("Dead-lettering an invalidation event: %s", e.getMessage());
            return message.nack(e);
        }
        long receivedAt = clock.millis();
        IncomingKafkaRecordMetadata<?, ?> incoming = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        IncomingKafkaRecordMetadata<?, ?> record = priorityLane ? null : incoming;
        if (event.heartbeat()) {
            // nothing to apply: it tells up to which moment this partition is applied, once every earlier event is
            if (record != null) {
                PartitionProgress partition = progress(record.getPartition());
                if (partition.heartbeat(record.getOffset(), event.issuedAt())) {
                    share(record.getPartition(), partition);
                }
            }
            return message.ack();
        }
        if (record != null) {
            progress(record.getPartition()).received(record.getOffset());
        }
        inFlight.incrementAndGet();
        dev.edgesync.edge.tracing.ApplyTracing.Received traced = tracing.received(message, event);
        ApplyStages stages = new ApplyStages(event.id(), priorityLane, event.issuedAt(),
                incoming == null || incoming.getTimestamp() == null ? 0 : incoming.getTimestamp().toEpochMilli(),
                receivedAt);
        CompletableFuture<Void> done = scheduler.schedule(event, stages)
                .thenAccept(appliedAt -> traced.applied(appliedAt, () -> publishAck(event, appliedAt, stages)))
                .whenComplete((ignored, failure) -> {
                    // a failed apply is dead-lettered below: it no longer holds the partition's progress back
                    if (record != null) {
                        PartitionProgress partition = progress(record.getPartition());
                        if (partition.applied(record.getOffset())) {
                            share(record.getPartition(), partition);
                        }
                    }
                })
                .thenCompose(ignored -> message.ack())
                .whenComplete((ignored, failure) -> inFlight.decrementAndGet())
                .toCompletableFuture()
                .exceptionallyCompose(failure -> {
                    LOG.errorf(failure, "Applying %s failed", event.id());
                    traced.failed(failure);
                    return message.nack(failure);
                });
        // Back-pressure: beyond MAX_IN_FLIGHT pending events, wait for this one before taking the next.
        return inFlight.get() >= MAX_IN_FLIGHT ? done : CompletableFuture.completedFuture(null);
    }

    private PartitionProgress progress(int partition) {
        return progress.computeIfAbsent(partition, p -> new PartitionProgress());
    }

    /** Raises the region's watermark of {@code partition}; a failed write is made good by the next heartbeat. */
    private void share(int partition, PartitionProgress progress) {
        progress.appliedUpTo().ifPresent(upTo -> watermarks.raise(partition, upTo).subscribe().with(
                ignored -> {
                }, failure -> LOG.debugf("Could not share the progress of partition %d: %s", partition,
                        failure.getMessage())));
    }

    /**
     * Publishes the region's ack; a priority-lane event's ack goes through its own channel (own producer and buffer) with
     * the {@value #LANE_HEADER} header, so it never waits behind the acks of a burst of normal events.
     */
    private void publishAck(InvalidationEvent event, long appliedAt, ApplyStages stages) {
        InvalidationAck ack = InvalidationAck.of(event.id(), settings.region(), appliedAt, InstanceId.get());
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata = OutgoingKafkaRecordMetadata
                .<String>builder().withKey(event.id());
        if (stages.priorityLane()) {
            metadata.withHeaders(new RecordHeaders().add(LANE_HEADER, "priority".getBytes(StandardCharsets.UTF_8)));
        }
        Message<String> message = Message.of(EventCodec.encode(ack))
                .withAck(() -> {
                    stages.ackSent(clock.millis());
                    report(stages);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    LOG.warnf("The ack of %s was not published: %s", event.id(), failure.getMessage());
                    report(stages);
                    return CompletableFuture.completedFuture(null);
                })
                .addMetadata(metadata.build());
        try {
            (stages.priorityLane() ? priorityAcks : acks).send(message);
        } catch (RuntimeException e) {
            LOG.warnf("Could not publish the ack of %s: %s", event.id(), e.getMessage());
            report(stages);
        }
        warmer.applied(event);
    }

    /** Times each stage ({@code edgesync.invalidation.stage}); logs a priority-lane event's stages at INFO. */
    private void report(ApplyStages stages) {
        String lane = stages.priorityLane() ? "priority" : "main";
        stages.stages().forEach((stage, ms) -> Timer.builder("edgesync.invalidation.stage")
                .description("Time an event spent in each stage inside the region (transit, wait, timer, redis, ack)")
                .tag("lane", lane).tag("stage", stage)
                .register(registry).record(Math.max(0, ms), TimeUnit.MILLISECONDS));
        if (stages.priorityLane()) {
            LOG.info(stages.line(settings.region()));
        }
    }
}
