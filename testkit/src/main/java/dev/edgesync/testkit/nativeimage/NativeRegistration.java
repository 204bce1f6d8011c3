package dev.edgesync.testkit.nativeimage;

import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The native registration check of a service, shared by the origin's and the edge's {@code NativeRegistrationTest}:
 * every type of ours the service hands to Jackson (Redis, Kafka, JSON responses, and back) must be registered for
 * reflection, every value handed to Jackson must have a type the scan can see, and the types the service is known
 * to serialise must be among those found (so a scan that silently finds nothing fails too).
 */
public final class NativeRegistration {
    private static final String OURS = "dev/edgesync/";

    private NativeRegistration() {
    }

    /**
     * Problems of a service whose classes are in {@code serviceClass}'s code source, scanned together with the
     * shared events; the Kafka events are always expected, {@code serviceTypes} are the service's own. Empty: none.
     */
    public static List<String> problems(Class<?> serviceClass, Collection<String> serviceTypes) {
        List<String> expected = new ArrayList<>(List.of(InvalidationEvent.class.getName(), InvalidationAck.class.getName()));
        expected.addAll(serviceTypes);
        return problems(List.of(SerializedTypes.rootOf(serviceClass), SerializedTypes.rootOf(InvalidationEvent.class)),
                OURS, serviceClass.getClassLoader(), expected);
    }

    /** Problems of the classes under {@code roots} whose names start with {@code prefix}; {@code loader} loads them. */
    public static List<String> problems(List<Path> roots, String prefix, ClassLoader loader, Collection<String> expected) {
        SerializedTypes scan = SerializedTypes.scan(roots, prefix, loader);
        List<String> problems = new ArrayList<>();
        scan.unregistered().forEach((type, where) -> problems.add("serialised but not registered for reflection: " + type
                + " (from " + String.join(", ", where) + "): add it to config.JsonReflection or annotate it with @RegisterForReflection"));
        scan.unknown().forEach(place -> problems.add("handed to Jackson with a type this check cannot see: " + place));
        for (String type : expected) {
            if (!scan.serialised().containsKey(type)) {
                problems.add("expected among the serialised types but not found: " + type);
            }
        }
        return problems;
    }
}
