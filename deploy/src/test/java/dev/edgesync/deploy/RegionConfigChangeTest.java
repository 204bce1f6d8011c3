package dev.edgesync.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `helm upgrade` with a changed region rolls that region's edges only: the pod template carries a
 * checksum of that region's ConfigMap data and nothing else.
 *
 * <p>The upgrades are rendered the way README.md ("Run on Kubernetes") runs them: the release's current values
 * (`helm get values --all`, here the chart's values.yaml) as a values file, plus `--set regions[i]...`.
 */
class RegionConfigChangeTest {

    private static final String R = Chart.RELEASE;
    private static final Path CURRENT = Chart.dir().resolve("values.yaml");

    private static Map<String, String> checksums(Map<String, Object> sets) {
        Rendered out = Rendered.of(Chart.render(List.of(CURRENT), sets));
        Map<String, String> checksums = new TreeMap<>();
        for (Deployment deployment : out.all(Deployment.class)) {
            var annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            if (deployment.getMetadata().getName().startsWith(R + "-edge-")) {
                String checksum = annotations.get("checksum/region-config");
                assertTrue(checksum.matches("[0-9a-f]{64}"), checksum);
                checksums.put(deployment.getMetadata().getName(), checksum);
            }
        }
        return checksums;
    }

    private static void assertOnlyChanged(Map<String, String> before, Map<String, String> after, String changedRegion) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((deployment, checksum) -> {
            if (deployment.equals(R + "-edge-" + changedRegion)) {
                assertNotEquals(checksum, after.get(deployment), deployment + " must roll");
            } else {
                assertEquals(checksum, after.get(deployment), deployment + " must not roll");
            }
        });
    }

    @Test
    void everyRegionHasItsOwnChecksum() {
        Map<String, String> checksums = checksums(Map.of());
        assertEquals(3, checksums.size());
        assertEquals(3, checksums.values().stream().distinct().count());
    }

    @Test
    void changingOneRegionsStrategyRollsOnlyThatRegion() {
        Map<String, String> before = checksums(Map.of());
        Map<String, String> after = checksums(Chart.sets("regions[1].strategy", "eager"));
        assertOnlyChanged(before, after, "eu-west");
        Rendered out = Rendered.of(Chart.render(List.of(CURRENT), Chart.sets("regions[1].strategy", "eager")));
        assertTrue(out.configMapData(R + "-region-eu-west", "region.properties").contains("edgesync.region.strategy=eager"));
        assertEquals("lazy", out.configMapData(R + "-region-ap-south", "EDGESYNC_REGION_STRATEGY"));
    }

    @Test
    void changingOneRegionsDelayOrTtlRollsOnlyThatRegion() {
        Map<String, String> before = checksums(Map.of());
        assertOnlyChanged(before, checksums(Chart.sets("regions[2].delayMs", 900)), "ap-south");
        assertOnlyChanged(before, checksums(Chart.sets("regions[0].maxTtl", "5m")), "us-east");
    }

    @Test
    void changesOutsideTheRegionConfigRollNoRegionByChecksum() {
        Map<String, String> before = checksums(Map.of());
        assertEquals(before, checksums(Chart.sets("origin.replicas", 3, "regions[0].replicas", 4,
                "regions[1].redis.maxmemory", "512mb")));
    }

    @Test
    void settingOneListElementWithoutTheCurrentValuesReplacesTheWholeList() {
        // Helm replaces lists: `--set regions[1].strategy=eager` alone yields [null, {strategy: eager}].
        // The schema turns that into an error instead of a broken release; README.md passes the
        // current values with -f so the --set edits the existing list.
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Chart.template(List.of(), Chart.sets("regions[1].strategy", "eager")));
        assertTrue(error.getMessage().contains("/regions/0"), error::getMessage);
    }
}
