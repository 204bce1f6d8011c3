package dev.edgesync.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** k8s/ is the chart rendered with k8s-render-values.yaml; this fails when the two drift apart. */
class K8sManifestsTest {

    @Test
    void k8sDirectoryMatchesTheChart() {
        Map<String, String> expected = K8sManifests.generate();
        if (Boolean.getBoolean("edgesync.k8s.regenerate")) {
            K8sManifests.write(expected);
        }
        Map<String, String> actual = K8sManifests.onDisk();
        assertEquals(expected.keySet(), actual.keySet(),
                "k8s/ and helm/edgesync drifted apart (files). Regenerate with: " + K8sManifests.REGENERATE);
        expected.forEach((file, content) -> assertEquals(content, actual.get(file),
                "k8s/" + file + " drifted from helm/edgesync. Regenerate with: " + K8sManifests.REGENERATE));
    }

    @Test
    void theMonitoringVariantMatchesTheChartRenderedWithTheOperator() {
        Map<String, String> expected = K8sManifests.generateMonitoring();
        if (Boolean.getBoolean("edgesync.k8s.regenerate")) {
            K8sManifests.write(K8sManifests.monitoringDir(), expected);
        }
        Map<String, String> actual = K8sManifests.onDisk(K8sManifests.monitoringDir());
        assertEquals(Set.of("kustomization.yaml", "podmonitor.yaml", "prometheusrule.yaml", "servicemonitor.yaml"),
                expected.keySet());
        assertEquals(expected.keySet(), actual.keySet(),
                "k8s/monitoring/ and helm/edgesync drifted apart (files). Regenerate with: " + K8sManifests.REGENERATE);
        expected.forEach((file, content) -> assertEquals(content, actual.get(file),
                "k8s/monitoring/" + file + " drifted from helm/edgesync. Regenerate with: " + K8sManifests.REGENERATE));
    }

    @Test
    void k8sHoldsOneKindPerFileAndOnlyPlaceholderSecrets() {
        for (Map.Entry<String, String> file : K8sManifests.onDisk().entrySet()) {
            if (file.getKey().equals("kustomization.yaml")) {
                continue;
            }
            List<StrictModels.Doc> docs = StrictModels.parseAll(file.getValue());
            assertEquals(1, docs.stream().map(StrictModels.Doc::kind).distinct().count(), file.getKey());
            assertEquals(file.getKey(), docs.get(0).kind().toLowerCase() + ".yaml");
        }
        String secrets = K8sManifests.onDisk().get("secret.yaml");
        assertTrue(secrets.contains("replace every value"), "secret.yaml must say to replace its placeholders");
        for (StrictModels.Doc doc : StrictModels.parseAll(secrets)) {
            Secret secret = (Secret) doc.object();
            secret.getData().forEach((key, value) -> assertTrue(
                    ChartTopologyTest.decoded(secret, key).startsWith("REPLACE-ME-"),
                    "k8s/secret.yaml " + secret.getMetadata().getName() + "/" + key + " is not a placeholder"));
        }
    }

    @Test
    void kubectlKustomizeBuildsK8s() throws Exception {
        Path kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not on PATH: skipping `kubectl kustomize k8s/`");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", K8sManifests.dir().toString())
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize timed out");
        assertEquals(0, process.exitValue(), "kubectl kustomize k8s/ failed: " + err);
        List<StrictModels.Doc> docs = StrictModels.parseAll(new String(out, StandardCharsets.UTF_8));
        long expected = K8sManifests.onDisk().entrySet().stream().filter(e -> !e.getKey().equals("kustomization.yaml"))
                .mapToLong(e -> StrictModels.splitDocuments(e.getValue()).size()).sum();
        assertEquals(expected, docs.size());
        assertEquals(List.of(Chart.NAMESPACE), docs.stream().map(StrictModels.Doc::object)
                .map(HasMetadata::getMetadata).map(m -> m.getNamespace()).distinct().collect(Collectors.toList()));
    }

    private static Path onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
