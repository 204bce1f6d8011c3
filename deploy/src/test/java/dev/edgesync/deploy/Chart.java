package dev.edgesync.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart helm/edgesync, rendered and linted in-process through helm-java (the Helm Go library). */
final class Chart {

    static final String RELEASE = "edgesync";
    static final String NAMESPACE = "edgesync";
    /** helm-java's template defaults to Kubernetes v1.20.0, older than the chart's kubeVersion floor. */
    static final String KUBE_VERSION = "1.32.0";

    private Chart() {
    }

    static Path root() {
        String configured = System.getProperty("edgesync.root");
        Path start = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("helm/edgesync"))) {
                return dir;
            }
        }
        throw new IllegalStateException("helm/edgesync not found above " + start);
    }

    static Path dir() {
        return root().resolve("helm/edgesync");
    }

    static Path testResource(String name) {
        return root().resolve("deploy/src/test/resources").resolve(name);
    }

    /** helm template with the given values files (in order) and --set pairs; a template error throws. */
    static String template(List<Path> valuesFiles, Map<String, Object> sets) {
        return template(dir(), valuesFiles, sets);
    }

    /** helm template of the chart in {@code chartDir}: values files in order, then the --set pairs. */
    private static String template(Path chartDir, List<Path> valuesFiles, Map<String, Object> sets) {
        FakeApiServer.get();
        TemplateCommand command = new Helm(chartDir).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    static String template(Path... valuesFiles) {
        return template(List.of(valuesFiles), Map.of());
    }

    static List<StrictModels.Doc> render(Path... valuesFiles) {
        return StrictModels.parseAll(template(valuesFiles));
    }

    static List<StrictModels.Doc> render(List<Path> valuesFiles, Map<String, Object> sets) {
        return StrictModels.parseAll(template(valuesFiles, sets));
    }

    static Map<String, Object> sets(Object... keyValues) {
        Map<String, Object> sets = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            sets.put((String) keyValues[i], keyValues[i + 1]);
        }
        return sets;
    }

    /** helm lint --strict of the chart as it is. */
    static LintResult lint() {
        return new Helm(dir()).lint().strict().call();
    }

    /** The chart's values.yaml with a values file laid over it the way Helm does (maps merge, lists are replaced). */
    static String mergedValues(Path override) throws IOException {
        com.fasterxml.jackson.dataformat.yaml.YAMLMapper yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        com.fasterxml.jackson.databind.JsonNode base = yaml.readTree(dir().resolve("values.yaml").toFile());
        com.fasterxml.jackson.databind.JsonNode top = yaml.readTree(override.toFile());
        return yaml.writeValueAsString(merge(base, top));
    }

    private static com.fasterxml.jackson.databind.JsonNode merge(com.fasterxml.jackson.databind.JsonNode base,
                                                                 com.fasterxml.jackson.databind.JsonNode top) {
        if (base instanceof com.fasterxml.jackson.databind.node.ObjectNode baseObject && top != null && top.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode merged = baseObject.deepCopy();
            top.fields().forEachRemaining(e -> merged.set(e.getKey(), merge(merged.get(e.getKey()), e.getValue())));
            return merged;
        }
        return top == null ? base : top;
    }

    /**
     * helm template including the hooks (the `helm test` pod): helm-java's template returns the release manifest
     * without hooks, so the chart is copied with its hook annotations renamed (helm.sh/hook to edgesync.dev/hook), which
     * renders the hooks as plain objects.
     */
    static String templateWithHooks(List<Path> valuesFiles, Map<String, Object> sets, Path workDir) {
        Path copy = workDir.resolve("edgesync-hooks");
        try (Stream<Path> files = Files.walk(dir())) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(dir().relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (source.toString().endsWith(".yaml") && source.startsWith(dir().resolve("templates"))) {
                    Files.writeString(target, Files.readString(source)
                            .replaceAll("(?m)^(\\s*)helm\\.sh/(hook[-a-z]*):", "$1edgesync.dev/$2:"));
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return template(copy, valuesFiles, sets);
    }

    /**
     * helm lint --strict with another values.yaml: helm lint in helm-java takes no values file, so the
     * chart is copied and its values.yaml replaced.
     */
    static LintResult lintWithValues(Path values, Path workDir) {
        Path copy = workDir.resolve("edgesync");
        try (Stream<Path> files = Files.walk(dir())) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(dir().relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(copy.resolve("values.yaml"), mergedValues(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }
}
