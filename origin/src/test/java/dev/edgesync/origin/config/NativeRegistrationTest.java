package dev.edgesync.origin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.testkit.nativeimage.NativeRegistration;
import dev.edgesync.origin.rest.ContentResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every type of ours the origin writes to Kafka, PostgreSQL or a JSON response (or reads back) is registered for
 * reflection, so the native executable can (de)serialise it. A new record handed to Jackson without
 * {@code @RegisterForReflection} fails here, in the JVM, instead of at run time in a native image.
 */
class NativeRegistrationTest {

    @Test
    void everySerialisedTypeIsRegisteredAndTheContentResponsesAndKafkaEventsAreAmongThem() {
        assertEquals(List.of(), NativeRegistration.problems(ContentResource.class, List.of("dev.edgesync.origin.service.ContentView")));
    }
}
