package dev.edgesync.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The strictly parsed output of one helm template run, with lookups by type and name. */
record Rendered(List<StrictModels.Doc> docs) {

    static Rendered of(List<StrictModels.Doc> docs) {
        return new Rendered(docs);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return docs.stream().map(StrictModels.Doc::object).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name
                + "; rendered: " + docs.stream().map(d -> d.kind() + "/" + d.name()).toList()));
    }

    /** Every pod template the chart renders (Deployments and StatefulSets), by owner name. */
    Map<String, PodTemplateSpec> podTemplates() {
        return Stream.concat(
                        all(Deployment.class).stream().map(d -> Map.entry(d.getMetadata().getName(), d.getSpec().getTemplate())),
                        all(StatefulSet.class).stream().map(s -> Map.entry(s.getMetadata().getName(), s.getSpec().getTemplate())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** apiVersion as written in the rendered YAML (Strimzi's model reports its own default version instead). */
    String apiVersion(String kind, String name) {
        return docs.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst()
                .map(d -> d.tree().path("apiVersion").asText()).orElseThrow();
    }

    String configMapData(String name, String key) {
        ConfigMap configMap = get(ConfigMap.class, name);
        String value = configMap.getData().get(key);
        if (value == null) {
            throw new AssertionError("ConfigMap " + name + " has no key " + key);
        }
        return value;
    }
}
