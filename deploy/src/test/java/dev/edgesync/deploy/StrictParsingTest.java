package dev.edgesync.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the parser used for every rendered object really rejects what Kubernetes or Strimzi would reject. */
class StrictParsingTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      env:
                        - name: PORT
                          value: %s
                      %s
            """;

    private static final String KAFKA = """
            apiVersion: kafka.strimzi.io/v1
            kind: Kafka
            metadata:
              name: demo
            spec:
              kafka:
                listeners:
                  - {name: plain, port: 9092, type: internal, tls: false}
                %s
              entityOperator:
                topicOperator: {}
            """;

    private static final String SERVICE_MONITOR = """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: {app: demo}
              endpoints:
                - port: http
                  path: /q/metrics
                  %s
            """;

    @Test
    void wellFormedObjectsParseIntoTheirModels() {
        Deployment deployment = (Deployment) StrictModels.parse(DEPLOYMENT.formatted("\"8080\"", "")).object();
        assertEquals("8080", deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValue());
        assertInstanceOf(Kafka.class, StrictModels.parse(KAFKA.formatted("")).object());
        assertInstanceOf(ServiceMonitor.class, StrictModels.parse(SERVICE_MONITOR.formatted("interval: 15s")).object());
    }

    @Test
    void unknownFieldInAContainerIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> StrictModels.parse(DEPLOYMENT.formatted("\"8080\"", "livenessProbes: {}")));
        assertTrue(error.getMessage().contains("livenessProbes"), error::getMessage);
    }

    @Test
    void numberWhereKubernetesWantsAStringIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> StrictModels.parse(DEPLOYMENT.formatted("8080", "")));
        assertTrue(error.getMessage().contains("Deployment demo"), error::getMessage);
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> StrictModels.parse(DEPLOYMENT.formatted("\"8080\"", "image: demo:2")));
    }

    @Test
    void unknownFieldInAStrimziResourceIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> StrictModels.parse(KAFKA.formatted("listenerz: []")));
        assertTrue(error.getMessage().contains("listenerz"), error::getMessage);
    }

    @Test
    void fieldsRemovedFromStrimziV1AreRejected() {
        IllegalArgumentException replicas = assertThrows(IllegalArgumentException.class,
                () -> StrictModels.parse(KAFKA.formatted("replicas: 3")));
        assertTrue(replicas.getMessage().contains("replicas"), replicas::getMessage);
        String withZookeeper = KAFKA.formatted("") + "  zookeeper:\n    replicas: 3\n";
        IllegalArgumentException zookeeper = assertThrows(IllegalArgumentException.class,
                () -> StrictModels.parse(withZookeeper));
        assertTrue(zookeeper.getMessage().contains("zookeeper"), zookeeper::getMessage);
    }

    @Test
    void oldStrimziApiVersionIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> StrictModels.parse(KAFKA.formatted("").replace("kafka.strimzi.io/v1", "kafka.strimzi.io/v1beta2")));
        assertTrue(error.getMessage().contains("No model known"), error::getMessage);
    }

    @Test
    void unknownFieldInAServiceMonitorIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> StrictModels.parse(SERVICE_MONITOR.formatted("scrapeEvery: 15s")));
        assertTrue(error.getMessage().contains("scrapeEvery"), error::getMessage);
    }

    @Test
    void unknownTopLevelFieldIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> StrictModels.parse(SERVICE_MONITOR.formatted("") + "status2: {}\n"));
    }
}
