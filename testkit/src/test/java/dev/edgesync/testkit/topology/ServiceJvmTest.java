package dev.edgesync.testkit.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.edgesync.testkit.servers.LabPaths;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `edgesync up --production` and the benchmark select the production JVM options; tests keep the fast start. */
class ServiceJvmTest {

    @AfterEach
    void clear() {
        System.clearProperty(ServiceJvm.PROPERTY);
    }

    @Test
    void servicesStartFastUnlessProductionIsAskedFor() {
        assertEquals(ServiceJvm.FAST_START, ServiceJvm.current());
        assertTrue(ServiceJvm.current().contains("-XX:TieredStopAtLevel=1"));
        System.setProperty(ServiceJvm.PROPERTY, "production");
        assertEquals(ServiceJvm.PRODUCTION, ServiceJvm.current());
    }

    @Test
    void productionCompilesWithC2OnAFixedHeap() {
        assertFalse(ServiceJvm.PRODUCTION.stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel")));
        String xms = ServiceJvm.PRODUCTION.stream().filter(o -> o.startsWith("-Xms")).findFirst().orElseThrow();
        String xmx = ServiceJvm.PRODUCTION.stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElseThrow();
        assertEquals(xms.substring(4), xmx.substring(4));
    }

    @Test
    void productionEdgesWarmTheirJitAsTheChartsDo() throws IOException {
        assertEquals(Map.of(), ServiceJvm.edgeEnv(), "fast-start edges are ready at once");
        assertFalse(ServiceJvm.edgesWarmUp());
        System.setProperty(ServiceJvm.PROPERTY, "production");
        long chart = new ObjectMapper(new YAMLFactory()).readTree(LabPaths.root().resolve("helm/edgesync/values.yaml")
                .toFile()).path("edge").path("jitWarmupRequests").asLong();
        assertTrue(chart > 0, "the chart warms its edges");
        assertEquals(Map.of("EDGESYNC_JIT_WARMUP_REQUESTS", String.valueOf(chart)), ServiceJvm.edgeEnv());
        assertTrue(ServiceJvm.edgesWarmUp());
    }
}
