package dev.edgesync.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered manifests into the fabric8 Kubernetes model and the Strimzi model, strictly.
 *
 * <p>Both models carry a {@code @JsonAnySetter} ({@code additionalProperties}) on every class, so a
 * misspelt or misplaced field would be swallowed silently. This mapper removes the any-setter from every
 * bean deserializer and fails on unknown properties, on duplicate keys, on scalar coercion (a number
 * where Kubernetes wants a string, such as an env value, is rejected by the API server too) and, for
 * Strimzi {@code v1} resources, on properties the model marks {@code @Deprecated} (they were removed
 * from {@code kafka.strimzi.io/v1}, e.g. {@code spec.zookeeper} or {@code spec.kafka.replicas}).
 */
final class StrictModels {

    /** apiVersion + "/" + kind of every object the chart may render, and the model class it must parse into. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    /** One rendered document: its raw text, its tree and the strictly parsed model object. */
    record Doc(String text, JsonNode tree, HasMetadata object) {
        String kind() {
            return object.getKind();
        }

        String name() {
            return object.getMetadata().getName();
        }
    }

    private static final YAMLMapper TREE_READER = YAMLMapper.builder(
                    YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .build();

    private static final ObjectMapper STRICT = strictMapper();

    private StrictModels() {
    }

    static ObjectMapper strictMapper() {
        SimpleModule noAnySetter = new SimpleModule("edgesync-strict");
        noAnySetter.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                         BeanDeserializerBuilder builder) {
                builder.setAnySetter(null);
                builder.setIgnoreUnknownProperties(false);
                if (description.getBeanClass().getName().startsWith("io.strimzi.")) {
                    List<String> removed = new ArrayList<>();
                    for (Iterator<SettableBeanProperty> it = builder.getProperties(); it.hasNext(); ) {
                        SettableBeanProperty property = it.next();
                        if (isDeprecated(description, property.getName())) {
                            removed.add(property.getName());
                        }
                    }
                    removed.forEach(name -> builder.removeProperty(
                            com.fasterxml.jackson.databind.PropertyName.construct(name)));
                }
                return builder;
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(noAnySetter)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType numberOrBoolean : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(numberOrBoolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    private static boolean isDeprecated(BeanDescription description, String jsonName) {
        return description.findProperties().stream()
                .filter(p -> p.getName().equals(jsonName))
                .anyMatch(p -> (p.getGetter() != null && p.getGetter().hasAnnotation(Deprecated.class))
                        || (p.getSetter() != null && p.getSetter().hasAnnotation(Deprecated.class))
                        || (p.getField() != null && p.getField().hasAnnotation(Deprecated.class)));
    }

    /** Splits a multi-document YAML stream and parses every non-empty document strictly. */
    static List<Doc> parseAll(String multiDocumentYaml) {
        List<Doc> docs = new ArrayList<>();
        for (String text : splitDocuments(multiDocumentYaml)) {
            docs.add(parse(text));
        }
        return docs;
    }

    static List<String> splitDocuments(String multiDocumentYaml) {
        List<String> documents = new ArrayList<>();
        for (String part : multiDocumentYaml.split("(?m)^---\\s*$")) {
            boolean onlyComments = part.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"));
            if (!onlyComments) {
                documents.add(part.strip() + "\n");
            }
        }
        return documents;
    }

    /** Parses one YAML document into its model class; throws IllegalArgumentException on anything not strict. */
    static Doc parse(String yamlDocument) {
        JsonNode tree;
        try {
            tree = TREE_READER.readTree(yamlDocument);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not valid YAML: " + e.getMessage() + "\n" + yamlDocument, e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("Not a YAML mapping:\n" + yamlDocument);
        }
        String apiVersion = tree.path("apiVersion").asText();
        String kind = tree.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new IllegalArgumentException("No model known for " + apiVersion + " " + kind
                    + " (the chart renders an unexpected kind or a wrong apiVersion)");
        }
        HasMetadata object;
        try {
            object = STRICT.treeToValue(tree, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(kind + " " + tree.path("metadata").path("name").asText()
                    + " does not match the " + type.getName() + " model: " + e.getOriginalMessage()
                    + " at " + e.getLocation(), e);
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            throw new IllegalArgumentException(kind + " without metadata.name:\n" + yamlDocument);
        }
        return new Doc(yamlDocument, tree, object);
    }

    static JsonNode readYamlTree(String yaml) {
        try {
            return TREE_READER.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
