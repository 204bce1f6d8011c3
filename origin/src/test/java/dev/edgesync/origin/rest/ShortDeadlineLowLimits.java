package dev.edgesync.origin.rest;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A purge deadline of 3 s and a purge rate of 1/s with a burst of 3, shared by {@link PurgeDeadlineTest} and
 * {@link PurgeLimitsTest} so the application starts once for both.
 */
public class ShortDeadlineLowLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("edgesync.purge.deadline", "3s",
                "edgesync.limits.purges-per-second", "1", "edgesync.limits.purge-burst", "3");
    }
}
