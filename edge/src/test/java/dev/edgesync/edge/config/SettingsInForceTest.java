package dev.edgesync.edge.config;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class SettingsInForceTest extends EdgeTestSupport {

    @Test
    void changedConfigFileSwitchesStrategyAndDelayWithoutRestart() throws Exception {
        region("eager", 100);
        try {
            Files.writeString(EdgeTestResources.configFile(),
                    "edgesync.region.strategy=lazy\nedgesync.region.delay-ms=250\n");
            JsonPath s = awaitSummary("lazy", 250);
            assertEquals("lazy", s.getString("strategy"));
            String metrics = given().get("/q/metrics").asString();
            assertEquals(true, metrics.contains("edgesync_region_strategy{region=\"edge-test\",strategy=\"lazy\"} 1.0"));
        } finally {
            Files.writeString(EdgeTestResources.configFile(),
                    "edgesync.region.strategy=eager\nedgesync.region.delay-ms=100\n# restored\n");
            awaitSummary("eager", 100);
        }
    }

    @Test
    void adminApiSwitchesInProcess() {
        region("lazy", 42);
        JsonPath s = given().get("/metrics/summary").jsonPath();
        assertEquals("lazy", s.getString("strategy"));
        assertEquals(42, s.getLong("delayMs"));
        region("eager", 100);
        assertEquals("eager", given().get("/metrics/summary").jsonPath().getString("strategy"));
    }

    private static JsonPath awaitSummary(String strategy, long delayMs) {
        long deadline = System.currentTimeMillis() + 5000;
        JsonPath s = null;
        while (System.currentTimeMillis() < deadline) {
            s = given().get("/metrics/summary").jsonPath();
            if (strategy.equals(s.getString("strategy")) && s.getLong("delayMs") == delayMs) {
                return s;
            }
            sleep(100);
        }
        throw new AssertionError("summary still shows " + s.prettify());
    }
}
