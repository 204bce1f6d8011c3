package dev.edgesync.origin.config;

import dev.edgesync.origin.outbox.OutboxStatus;
import dev.edgesync.origin.purge.Propagation;
import dev.edgesync.origin.purge.PurgeRequest;
import dev.edgesync.origin.purge.PurgeStatus;
import dev.edgesync.origin.service.ContentPage;
import dev.edgesync.origin.service.ContentRequest;
import dev.edgesync.origin.service.ContentView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The origin's JSON request and response types, registered for the native executable: most are returned
 * inside a JAX-RS Response, where Quarkus cannot see the type (the events are in
 * dev.edgesync.events.EventReflection). NativeRegistrationTest fails when a type handed to Jackson is missing.
 */
@RegisterForReflection(targets = {
        ContentView.class,
        ContentPage.class,
        ContentRequest.class,
        Propagation.class,
        PurgeRequest.class,
        PurgeStatus.class,
        PurgeStatus.RegionStatus.class,
        OutboxStatus.class
})
public final class JsonReflection {

    private JsonReflection() {
    }
}
