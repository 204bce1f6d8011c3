package dev.edgesync.events;

import dev.edgesync.events.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The contract's JSON types and the shared problem body, registered once for both services' native
 * executables: Quarkus reads this annotation from the module's Jandex index. Outside Quarkus (the lab) the annotation is simply absent.
 */
@RegisterForReflection(targets = {
        InvalidationEvent.class,
        InvalidationAck.class,
        EventKind.class,
        PurgeMode.class,
        Priority.class,
        Strategy.class,
        Problem.class
})
public final class EventReflection {

    private EventReflection() {
    }
}
