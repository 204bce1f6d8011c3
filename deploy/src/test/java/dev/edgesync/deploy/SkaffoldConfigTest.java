package dev.edgesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** skaffold.yaml agrees with the chart: value paths, images, release, forwarded Services and ports. */
class SkaffoldConfigTest {

    private static JsonNode skaffold() throws Exception {
        return StrictModels.readYamlTree(Files.readString(Chart.root().resolve("skaffold.yaml")));
    }

    @Test
    void buildsBothImagesWithTheBuildScriptAndHasTheProfiles() throws Exception {
        JsonNode config = skaffold();
        assertTrue(config.path("apiVersion").asText().startsWith("skaffold/v4"));
        List<String> images = new ArrayList<>();
        for (JsonNode artifact : config.path("build").path("artifacts")) {
            images.add(artifact.path("image").asText());
            String command = artifact.path("custom").path("buildCommand").asText();
            assertTrue(command.startsWith("./deploy/skaffold-build.sh "), command);
        }
        assertEquals(List.of("edgesync-origin", "edgesync-edge"), images);
        assertTrue(Files.isExecutable(Chart.root().resolve("deploy/skaffold-build.sh")));
        Set<String> profiles = new HashSet<>();
        config.path("profiles").forEach(p -> profiles.add(p.path("name").asText()));
        assertEquals(Set.of("kind", "minikube", "native"), profiles);
    }

    /** The native profile builds in a remote container: a bind mount would fail against minikube's Docker daemon. */
    @Test
    void theNativeBuildCopiesSourcesIntoTheBuilderInsteadOfBindMountingThem() throws Exception {
        assertTrue(skaffold().path("profiles").toString().contains("./deploy/skaffold-build.sh edge native"));
        String nativeCommand = buildCommand("edge", "native");
        assertTrue(nativeCommand.contains("-Pnative"), nativeCommand);
        assertTrue(nativeCommand.contains("-Dquarkus.native.remote-container-build=true"), nativeCommand);
        assertTrue(nativeCommand.contains("-Dquarkus.container-image.image=registry.test/edgesync-edge:abc"), nativeCommand);
        String jvmCommand = buildCommand("origin", "jvm");
        assertTrue(!jvmCommand.contains("native") && jvmCommand.contains("-pl origin"), jvmCommand);
    }

    private static String buildCommand(String module, String mode) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", Chart.root().resolve("deploy/skaffold-build.sh").toString(),
                module, mode);
        builder.environment().put("PRINT_ONLY", "true");
        builder.environment().put("IMAGE", "registry.test/edgesync-" + module + ":abc");
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out.trim();
    }

    @Test
    void helmReleaseSetsValuesThatExistInTheChart() throws Exception {
        JsonNode release = skaffold().path("deploy").path("helm").path("releases").get(0);
        assertEquals(Chart.RELEASE, release.path("name").asText());
        assertEquals(Chart.NAMESPACE, release.path("namespace").asText());
        assertTrue(Files.isDirectory(Chart.root().resolve(release.path("chartPath").asText())));
        JsonNode values = StrictModels.readYamlTree(Files.readString(Chart.dir().resolve("values.yaml")));
        release.path("setValueTemplates").fieldNames().forEachRemaining(path -> {
            JsonNode node = values;
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            assertTrue(node.isValueNode(), "skaffold sets " + path + " which values.yaml does not have");
        });
        assertEquals("edgesync-origin", values.path("origin").path("image").path("repository").asText());
        assertEquals("edgesync-edge", values.path("edge").path("image").path("repository").asText());
    }

    @Test
    void portForwardsReachRenderedServicesOnTheDocumentedPorts() throws Exception {
        Rendered out = Rendered.of(Chart.render());
        List<String> forwards = new ArrayList<>();
        for (JsonNode forward : skaffold().path("portForward")) {
            Service service = out.get(Service.class, forward.path("resourceName").asText());
            int port = forward.path("port").asInt();
            assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port),
                    service.getMetadata().getName() + " has no port " + port);
            forwards.add(service.getMetadata().getName() + "=" + forward.path("localPort").asInt());
        }
        List<String> expected = new ArrayList<>(List.of(Chart.RELEASE + "-origin=4000"));
        List<Values.Region> regions = Values.defaults().regions();
        for (int i = 0; i < regions.size(); i++) {
            expected.add(Chart.RELEASE + "-edge-" + regions.get(i).name() + "=" + (5001 + i));
        }
        assertEquals(expected, forwards);
    }

    @Test
    void k8sRenderValuesOnlyReplaceSecrets() throws Exception {
        JsonNode values = StrictModels.readYamlTree(Files.readString(Chart.testResource(K8sManifests.VALUES)));
        List<String> top = new ArrayList<>();
        values.fieldNames().forEachRemaining(top::add);
        assertEquals(List.of("secrets", "postgresql", "tests"), top);
        assertEquals(Path.of("k8s"), Chart.root().relativize(K8sManifests.dir()));
    }
}
