package dev.edgesync.edge.config;

import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.rest.AdminResource;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The edge's own JSON types, registered for the native executable (the events are in
 * dev.edgesync.events.EventReflection, the Redis entry on EntryCodec.Meta). NativeRegistrationTest fails
 * when a type handed to Jackson is in neither place.
 */
@RegisterForReflection(targets = {
        EdgeMetrics.Summary.class,
        EdgeMetrics.Lease.class,
        EdgeMetrics.InvalidationLag.class,
        AdminResource.RegionView.class,
        AdminResource.RegionUpdate.class
})
public final class JsonReflection {

    private JsonReflection() {
    }
}
