package dev.edgesync.deploy;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartLintTest {

    @Test
    void defaultChartPassesStrictLint() {
        LintResult result = Chart.lint();
        assertFalse(result.isFailed(), () -> "helm lint --strict failed: " + result.getMessages());
    }

    @Test
    void fiveRegionChartPassesStrictLint(@TempDir Path work) {
        LintResult result = Chart.lintWithValues(Chart.testResource("five-regions-values.yaml"), work);
        assertFalse(result.isFailed(), () -> "helm lint --strict (5 regions) failed: " + result.getMessages());
    }

    @Test
    void lintFailsOnABrokenChart(@TempDir Path work) throws Exception {
        Path broken = work.resolve("broken-values.yaml");
        java.nio.file.Files.writeString(broken, "regions:\n  - name: us-east\n    strategy: sometimes\n");
        LintResult result = Chart.lintWithValues(broken, work);
        assertTrue(result.isFailed(), "lint must fail on values that break the schema");
    }

    @Test
    void defaultAndFiveRegionValuesRender() {
        assertFalse(Chart.template().isBlank());
        assertFalse(Chart.template(Chart.testResource("five-regions-values.yaml")).isBlank());
    }

    @Test
    void unknownStrategyFailsTheRender() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Chart.template(List.of(), Chart.sets("regions[0].strategy", "sometimes",
                        "regions[0].name", "us-east", "regions[0].delayMs", 1, "regions[0].replicas", 1,
                        "regions[0].maxTtl", "1h", "regions[0].redis.storage", "1Gi",
                        "regions[0].redis.maxmemory", "64mb", "regions[0].redis.evictionPolicy", "volatile-ttl")));
        assertTrue(error.getMessage().contains("strategy"), error::getMessage);
    }

    @Test
    void anEvictionPolicyThatCanEvictInvalidationStateFailsTheRender() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Chart.template(List.of(), Chart.sets("regions[0].strategy", "eager",
                        "regions[0].name", "us-east", "regions[0].delayMs", 1, "regions[0].replicas", 1,
                        "regions[0].maxTtl", "1h", "regions[0].redis.storage", "1Gi",
                        "regions[0].redis.maxmemory", "64mb", "regions[0].redis.evictionPolicy", "allkeys-lru")));
        assertTrue(error.getMessage().contains("evictionPolicy"), error::getMessage);
    }

    @Test
    void duplicateRegionNamesFailTheRender(@TempDir Path work) throws Exception {
        Path values = work.resolve("dup.yaml");
        java.nio.file.Files.writeString(values, """
                regions:
                  - {name: us-east, delayMs: 1, strategy: eager, replicas: 1, maxTtl: 1h,
                     redis: {storage: 1Gi, maxmemory: 64mb, evictionPolicy: volatile-ttl}}
                  - {name: us-east, delayMs: 2, strategy: lazy, replicas: 1, maxTtl: 1h,
                     redis: {storage: 1Gi, maxmemory: 64mb, evictionPolicy: volatile-ttl}}
                """);
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> Chart.template(values));
        assertTrue(error.getMessage().contains("duplicate region name \"us-east\""), error::getMessage);
    }

    @Test
    void externalDatabaseWithoutUrlFailsTheRender() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Chart.template(List.of(), Chart.sets("postgresql.enabled", false,
                        "externalDatabase.existingSecret", "db")));
        assertTrue(error.getMessage().contains("externalDatabase.jdbcUrl is required"), error::getMessage);
    }

    @Test
    void topicReplicasAboveBrokersFailTheRender() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Chart.template(List.of(), Chart.sets("kafka.topics.replicas", 3)));
        assertEquals(true, error.getMessage().contains("kafka.topics.replicas must not exceed kafka.replicas"),
                error::getMessage);
    }
}
