package dev.edgesync.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's edge.settings reach every region's edges as edge.properties, under the property names the edge
 * declares and, by default, with the edge's own defaults; a region's settings override them for that region only.
 */
class EdgeSettingsTest {
    private static final String R = Chart.RELEASE;

    private static Properties edgeProperties(Rendered out, String region) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(out.configMapData(R + "-region-" + region, "edge.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static Map<String, String> edgeDefaults() throws IOException {
        return ServiceProperties.read("edge");
    }

    @Test
    void everyRenderedSettingIsOneTheEdgeReadsWithTheEdgesOwnDefault() throws IOException {
        Map<String, String> defaults = edgeDefaults();
        assertTrue(defaults.containsKey("edgesync.cache.fill-max-wait"), defaults.keySet().toString());
        Properties rendered = edgeProperties(Rendered.of(Chart.render(Chart.dir().resolve("values.yaml"))), "us-east");
        assertTrue(rendered.size() > 20, rendered.toString());
        Map<String, String> different = new TreeMap<>();
        for (String key : rendered.stringPropertyNames()) {
            if (key.equals("config_ordinal")) {
                continue;
            }
            assertTrue(defaults.containsKey(key), key + " is not a property the edge reads");
            if (!rendered.getProperty(key).equals(defaults.get(key))) {
                different.put(key, "chart " + rendered.getProperty(key) + ", edge " + defaults.get(key));
            }
        }
        assertEquals(Map.of(), different, "the chart's defaults must be the edge's");
        assertEquals("275", rendered.getProperty("config_ordinal"));
        assertFalse(rendered.containsKey("edgesync.shield.url"), "no shield by default");
    }

    @Test
    void aRegionsSettingsOverrideTheSharedOnesForThatRegionOnly() {
        Rendered out = Rendered.of(Chart.render(List.of(Chart.dir().resolve("values.yaml")), Chart.sets(
                "regions[1].settings.shieldUrl", "http://shield-eu:8080",
                "regions[1].settings.origin.timeout", "4s",
                "edge.settings.l1.maxBytes", 1048576)));
        Properties euWest = edgeProperties(out, "eu-west");
        Properties usEast = edgeProperties(out, "us-east");
        assertEquals("http://shield-eu:8080", euWest.getProperty("edgesync.shield.url"));
        assertEquals("4s", euWest.getProperty("edgesync.origin.timeout"));
        assertEquals("1s", euWest.getProperty("edgesync.origin.connect-timeout"), "other shared settings stay");
        assertFalse(usEast.containsKey("edgesync.shield.url"));
        assertEquals("2s", usEast.getProperty("edgesync.origin.timeout"));
        assertEquals("1048576", usEast.getProperty("edgesync.cache.l1.max-bytes"));
        assertEquals("1048576", euWest.getProperty("edgesync.cache.l1.max-bytes"));
    }

    @Test
    void theEdgeReadsTheFileFromItsMountedRegionConfigMap() {
        Rendered out = Rendered.of(Chart.render(Chart.dir().resolve("values.yaml")));
        Deployment edge = out.get(Deployment.class, R + "-edge-eu-west");
        Container container = edge.getSpec().getTemplate().getSpec().getContainers().get(0);
        String location = container.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_CONFIG_LOCATIONS"))
                .map(EnvVar::getValue).findFirst().orElseThrow();
        String mountPath = container.getVolumeMounts().stream().filter(m -> m.getName().equals("region-config"))
                .findFirst().orElseThrow().getMountPath();
        assertEquals(mountPath + "/edge.properties", location);
        assertTrue(edge.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("region-config")).findFirst().orElseThrow()
                .getConfigMap().getItems().stream().anyMatch(i -> i.getKey().equals("edge.properties")
                        && i.getPath().equals("edge.properties")));
    }
}
