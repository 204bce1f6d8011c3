package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.config.InstanceId;
import dev.edgesync.edge.config.LiveRegionSettings;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Consumes {@code edgesync.invalidations} (group {@code edgesync-edge-<region>}). A message is acknowledged, and
 * so its offset committed (throttled strategy), only after the event is applied to Redis; then the region's
 * {@link InvalidationAck} is published. Unreadable events are nacked with their reason and go to the
 * dead-letter topic; the consumer carries on.
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

    private final InvalidationScheduler scheduler;
    private final LiveRegionSettings settings;
    private final EdgeMetrics metrics;
    private final Emitter<String> acks;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger priorityInFlight = new AtomicInteger();
    private final AppliedWatermarks watermarks;
    private final ConcurrentMap<Integer, PartitionProgress> progress = new ConcurrentHashMap<>();
    @jakarta.inject.Inject
    dev.edgesync.edge.warming.CacheWarmer warmer;
    @jakarta.inject.Inject
    dev.edgesync.edge.tracing.ApplyTracing tracing;

    public InvalidationConsumer(InvalidationScheduler scheduler, LiveRegionSettings settings, EdgeMetrics metrics,
            AppliedWatermarks watermarks,
            @Channel("acks") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10000) Emitter<String> acks) {
        this.scheduler = scheduler;
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
        IncomingKafkaRecordMetadata<?, ?> record = priorityLane ? null
                : message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
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
        CompletableFuture<Void> done = scheduler.schedule(event)
                .thenAccept(appliedAt -> traced.applied(appliedAt, () -> publishAck(event, appliedAt)))
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

    private void publishAck(InvalidationEvent event, long appliedAt) {
        InvalidationAck ack = InvalidationAck.of(event.id(), settings.region(), appliedAt, InstanceId.get());
        try {
            acks.send(Message.of(EventCodec.encode(ack))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.id()).build()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not publish the ack of %s: %s", event.id(), e.getMessage());
        }
        warmer.applied(event);
    }
}
