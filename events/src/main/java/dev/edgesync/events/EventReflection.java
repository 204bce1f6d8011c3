package dev.edgesync.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The contract's JSON types, registered once for both services' native executables: Quarkus reads this
 * annotation from the module's Jandex index. Outside Quarkus (the lab) the annotation is simply absent.
 */
@RegisterForReflection(targets = {
        InvalidationEvent.class,
        InvalidationAck.class,
        EventKind.class,
        PurgeMode.class,
        Priority.class,
        Strategy.class
})
public final class EventReflection {

    private EventReflection() {
    }
}
