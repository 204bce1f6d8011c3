package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Topics;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Idempotent and order-safe: duplicates and old events never make a region serve older content. */
class OrderingTest {

    @Test
    void duplicateAndOutOfOrderEventsNeverBringBackAnOlderVersion() throws Exception {
        LocalTopology topology = E2ETopology.get();
        List<RegionSpec> regions = E2ETopology.seedRegions();
        String id = Content.create(topology, "ordering");
        String key = Content.path(id);
        Content.update(topology, id, "second");
        assertEquals(3, Content.update(topology, id, "third"));
        for (RegionSpec region : regions) {
            Content.readUntil(topology, region.name(), id, Duration.ofSeconds(30),
                    r -> r.version() == 3 && "HIT".equals(r.xCache()));
        }

        Map<String, Long> appliedBefore = new HashMap<>();
        Map<String, Long> fetchesBefore = new HashMap<>();
        for (RegionSpec region : regions) {
            Map<String, Object> summary = Content.summary(topology, region.name());
            appliedBefore.put(region.name(), Content.number(summary, "invalidationsApplied"));
            fetchesBefore.put(region.name(), Content.number(summary, "originFetches"));
        }
        long now = System.currentTimeMillis();
        // Keys only, so that the version alone decides; tags would invalidate by generation, as they should.
        InvalidationEvent three = InvalidationEvent.contentChanged(EventKind.CONTENT_UPDATED, key, List.of(), 3, now);
        List<InvalidationEvent> replay = List.of(
                three,
                three,
                InvalidationEvent.contentChanged(EventKind.CONTENT_UPDATED, key, List.of(), 1, now),
                InvalidationEvent.contentChanged(EventKind.CONTENT_UPDATED, key, List.of(), 2, now));
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers",
                topology.servers().kafkaBootstrap()), new StringSerializer(), new StringSerializer())) {
            for (InvalidationEvent event : replay) {
                producer.send(new ProducerRecord<>(Topics.INVALIDATIONS, event.partitionKey(), EventCodec.encode(event))).get();
            }
        }

        long deadline = System.currentTimeMillis() + 30_000;
        List<String> pending = new ArrayList<>(regions.stream().map(RegionSpec::name).toList());
        while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
            for (RegionSpec region : regions) {
                Reply reply = Http.get(topology.edgeUrl(region.name()) + key);
                assertEquals(3, reply.version(), region.name() + " served an older version after replayed events: " + reply);
            }
            pending.removeIf(region -> Content.number(Content.summary(topology, region), "invalidationsApplied")
                    >= appliedBefore.get(region) + replay.size());
            Content.sleep(25);
        }
        assertTrue(pending.isEmpty(), "regions that did not apply the replayed events: " + pending);
        for (RegionSpec region : regions) {
            Reply reply = Http.get(topology.edgeUrl(region.name()) + key);
            assertEquals(3, reply.version(), region.name() + " " + reply);
            assertEquals("HIT", reply.xCache(), region.name() + " " + reply);
            assertEquals(fetchesBefore.get(region.name()),
                    Content.number(Content.summary(topology, region.name()), "originFetches"),
                    region.name() + " went back to the origin although no replayed event was newer than its copy");
        }
    }
}
