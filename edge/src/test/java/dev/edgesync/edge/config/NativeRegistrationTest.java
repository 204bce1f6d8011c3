package dev.edgesync.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.EntryCodec;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.lab.nativeimage.SerializedTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every type of ours the edge writes to Redis, Kafka or a JSON response (or reads back) is registered for
 * reflection, so the native executable can (de)serialise it. A new record handed to Jackson without
 * {@code @RegisterForReflection} fails here, in the JVM, instead of at run time in a native image.
 */
class NativeRegistrationTest {
    private final SerializedTypes scan = SerializedTypes.scan(
            List.of(SerializedTypes.rootOf(EntryCodec.class), SerializedTypes.rootOf(InvalidationEvent.class)),
            "dev/edgesync/", getClass().getClassLoader());

    @Test
    void everySerialisedTypeIsRegisteredForReflection() {
        assertEquals(Map.of(), scan.unregistered(), "serialised but not registered (type = where from): add it to config.JsonReflection or annotate it with @RegisterForReflection");
    }

    @Test
    void everyValueHandedToJacksonHasATypeThisCheckCanSee() {
        assertEquals(List.of(), List.copyOf(scan.unknown()));
    }

    @Test
    void theRedisEntryAndTheKafkaEventsAreAmongTheSerialisedTypes() {
        assertTrue(scan.serialised().keySet().containsAll(List.of(EntryCodec.class.getName() + "$Meta",
                InvalidationEvent.class.getName(), dev.edgesync.events.InvalidationAck.class.getName())),
                scan.serialised().keySet().toString());
    }
}
