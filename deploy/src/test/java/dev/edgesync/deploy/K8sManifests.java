package dev.edgesync.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The plain manifests in k8s/: the chart rendered with deploy/src/test/resources/k8s-render-values.yaml,
 * one file per object kind plus a kustomization.yaml listing them.
 */
final class K8sManifests {

    static final String VALUES = "k8s-render-values.yaml";
    static final String REGENERATE = "./mvnw -B -f deploy/pom.xml verify -Dedgesync.k8s.regenerate=true";

    /** Order in kustomization.yaml: what others depend on first (kubectl apply -k sorts by kind anyway). */
    private static final List<String> ORDER = List.of("secret", "configmap", "service", "networkpolicy",
            "poddisruptionbudget", "statefulset", "deployment", "kafkanodepool", "kafka", "kafkatopic", "kafkauser",
            "servicemonitor", "prometheusrule");

    private K8sManifests() {
    }

    static Path dir() {
        return Chart.root().resolve("k8s");
    }

    /** The monitoring variant: the Prometheus Operator objects alone, applied after k8s/ where the CRDs exist. */
    static Path monitoringDir() {
        return dir().resolve("monitoring");
    }

    /** File name to content, rendered from the chart now. */
    static Map<String, String> generate() {
        return generate(Chart.template(Chart.testResource(VALUES)), doc -> true, "kubectl apply -k k8s/");
    }

    /** The monitoring variant: rendered as if the Prometheus Operator CRDs were there, monitoring kinds only. */
    static Map<String, String> generateMonitoring() {
        String rendered = Chart.template(List.of(Chart.testResource(VALUES)),
                Chart.sets("monitoring.skipCrdCheck", true));
        return generate(rendered, doc -> doc.tree().path("apiVersion").asText().startsWith("monitoring.coreos.com/"),
                "kubectl apply -k k8s/monitoring/ (after k8s/, on a cluster with the Prometheus Operator)");
    }

    private static Map<String, String> generate(String rendered, java.util.function.Predicate<StrictModels.Doc> keep,
            String apply) {
        Map<String, List<String>> byFile = new LinkedHashMap<>();
        for (String document : StrictModels.splitDocuments(rendered)) {
            StrictModels.Doc doc = StrictModels.parse(document);
            if (!keep.test(doc)) {
                continue;
            }
            String file = doc.kind().toLowerCase(Locale.ROOT) + ".yaml";
            byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(document);
        }
        Map<String, String> files = new TreeMap<>();
        byFile.forEach((file, documents) -> files.put(file, header(file) + String.join("---\n", documents)));
        List<String> ordered = files.keySet().stream()
                .sorted((a, b) -> Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.compareTo(b))
                .toList();
        files.put("kustomization.yaml", """
                # Generated from helm/edgesync with deploy/src/test/resources/%s; do not edit by hand.
                # Regenerate: %s
                # Apply: %s
                # (the Strimzi operator must watch namespace edgesync; see "Run on Kubernetes" in README.md)
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: %s
                resources:
                %s
                """.formatted(VALUES, REGENERATE, apply, Chart.NAMESPACE,
                ordered.stream().map(f -> "  - " + f).collect(Collectors.joining("\n"))));
        return files;
    }

    private static int rank(String file) {
        int index = ORDER.indexOf(file.replace(".yaml", ""));
        return index < 0 ? ORDER.size() : index;
    }

    private static String header(String file) {
        String header = "# Generated from helm/edgesync with deploy/src/test/resources/" + VALUES + "; do not edit by hand.\n"
                + "# Regenerate: " + REGENERATE + "\n";
        if (file.equals("secret.yaml")) {
            header += """
                    # PLACEHOLDER credentials: replace every value below before using these manifests. The origin
                    # refuses to start with these REPLACE-ME tokens (and with any token shorter than 16 characters).
                    # Create real ones, e.g.
                    #   kubectl -n edgesync create secret generic edgesync-tokens \\
                    #     --from-literal=purge-token="$(openssl rand -hex 20)" \\
                    #     --from-literal=write-token="$(openssl rand -hex 20)" \\
                    #     --from-literal=admin-token="$(openssl rand -hex 20)" --dry-run=client -o yaml | kubectl apply -f -
                    #   kubectl -n edgesync create secret generic edgesync-postgres \\
                    #     --from-literal=password="$(openssl rand -hex 16)" --dry-run=client -o yaml | kubectl apply -f -
                    # (The Helm chart generates real random values instead and keeps them across upgrades.)
                    """;
        }
        return header + "---\n";
    }

    /** The files now in k8s/. */
    static Map<String, String> onDisk() {
        return onDisk(dir());
    }

    static Map<String, String> onDisk(Path dir) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Rewrites k8s/ from the chart (deleting files of kinds the chart no longer renders). */
    static void write(Map<String, String> files) {
        write(dir(), files);
    }

    static void write(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            for (String stale : onDisk(dir).keySet()) {
                if (!files.containsKey(stale)) {
                    Files.delete(dir.resolve(stale));
                }
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
