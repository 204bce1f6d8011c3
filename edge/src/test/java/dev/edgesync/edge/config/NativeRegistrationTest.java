package dev.edgesync.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.edge.cache.EntryCodec;
import dev.edgesync.testkit.nativeimage.NativeRegistration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every type of ours the edge writes to Redis, Kafka or a JSON response (or reads back) is registered for
 * reflection, so the native executable can (de)serialise it. A new record handed to Jackson without
 * {@code @RegisterForReflection} fails here, in the JVM, instead of at run time in a native image.
 */
class NativeRegistrationTest {

    @Test
    void everySerialisedTypeIsRegisteredAndTheRedisEntryAndKafkaEventsAreAmongThem() {
        assertEquals(List.of(), NativeRegistration.problems(EntryCodec.class, List.of(EntryCodec.class.getName() + "$Meta")));
    }
}
