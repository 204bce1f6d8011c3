package dev.edgesync.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * values.schema.json rejects a wrong value before anything reaches the API server: Helm validates the merged
 * values against it in install, upgrade and template alike (helm-java's template runs the same code).
 */
class ValuesSchemaTest {

    private static void assertRejected(String key, Object value, String expectedInMessage) {
        Exception e = assertThrows(Exception.class,
                () -> Chart.template(List.of(Chart.dir().resolve("values.yaml")), Chart.sets(key, value)),
                key + "=" + value + " must be refused");
        assertTrue(e.getMessage().contains("values don't meet the specifications of the schema"), e.getMessage());
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "origin.replicas, two, replicas",
            "regions[0].strategy, fast, strategy",
            "origni.replicas, 1, origni",
            "edge.settings.orgin.timeout, 2s, orgin",
            "regions[0].replica, 3, replica",
            "edge.image.pullPolicy, Sometimes, pullPolicy",
            "regions[1].delayMs, -5, delayMs",
            "edge.settings.cache.fillPoll, soon, fillPoll",
            "edge.settings.cache.queryRules./api/x, keep-everything, queryRules",
            "kafka.replicas, 0, replicas",
    })
    void aWrongValueFailsAtInstall(String key, String value, String expectedInMessage) {
        Object typed = value.matches("-?[0-9]+") ? (Object) Integer.parseInt(value) : value;
        assertRejected(key, typed, expectedInMessage);
    }

    @Test
    void theDefaultsAndTheDocumentedOverridesPass() {
        assertDoesNotThrow(() -> Chart.template(List.of(Chart.dir().resolve("values.yaml")), Chart.sets(
                "origin.replicas", 2,
                "regions[0].strategy", "lazy",
                "regions[0].settings.shieldUrl", "http://edgesync-edge-shield:8080",
                "edge.settings.cache.queryRules./api/search", "allow:q,page",
                "edge.autoscaling.enabled", true)));
    }
}
