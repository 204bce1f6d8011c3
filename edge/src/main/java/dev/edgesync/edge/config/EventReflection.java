package dev.edgesync.edge.config;

import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import dev.edgesync.events.Strategy;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The events module's JSON contract, read and written by Jackson in a native executable too. */
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
