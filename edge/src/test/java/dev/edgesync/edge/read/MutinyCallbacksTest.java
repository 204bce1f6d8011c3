package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.edgesync.edge.support.EdgeTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The edge's Mutiny callbacks run as written, not wrapped to capture and restore thread contexts (application.properties
 * removes {@code mutiny-smallrye-context-propagation}): a miss's chain of Redis, origin and store callbacks did that
 * for the OpenTelemetry context on every step, a fifth of a miss's CPU (docs/benchmark.md, "Where a miss goes").
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class MutinyCallbacksTest {

    @Test
    void callbacksAreNotWrappedForContextPropagation() {
        Function<String, Integer> length = String::length;
        Consumer<String> ignore = s -> {
        };
        assertSame(length, Infrastructure.decorate(length), "a Uni's map function is wrapped by a callback decorator");
        assertSame(ignore, Infrastructure.decorate(ignore), "a Uni's item consumer is wrapped by a callback decorator");
    }
}
