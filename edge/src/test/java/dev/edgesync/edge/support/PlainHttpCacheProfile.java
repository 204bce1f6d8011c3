package dev.edgesync.edge.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The edge as a plain HTTP cache: no invalidation stream, Kafka at a port where nothing listens. */
public class PlainHttpCacheProfile implements QuarkusTestProfile {

    /** Settings a subclass adds to the plain mode. */
    protected Map<String, String> more() {
        return Map.of();
    }

    @Override
    public final Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(more());
        config.put("edgesync.invalidation.enabled", "false");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(NoKafkaResources.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
