package dev.edgesync.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitoringTest {

    private static final String R = Chart.RELEASE;
    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static Rendered withOperator(Object... moreSets) {
        Map<String, Object> sets = Chart.sets("monitoring.skipCrdCheck", true);
        sets.putAll(Chart.sets(moreSets));
        return Rendered.of(Chart.render(List.of(Chart.testResource("five-regions-values.yaml")), sets));
    }

    @Test
    void noOperatorResourcesWhenTheClusterHasNoPrometheusOperator() {
        Rendered out = Rendered.of(Chart.render());
        assertTrue(out.all(ServiceMonitor.class).isEmpty());
        assertTrue(out.all(PrometheusRule.class).isEmpty());
    }

    @Test
    void switchedOffMeansNoneEvenWithTheOperator() {
        Rendered out = withOperator("monitoring.enabled", false);
        assertTrue(out.all(ServiceMonitor.class).isEmpty());
        assertTrue(out.all(PrometheusRule.class).isEmpty());
    }

    @Test
    void oneServiceMonitorPerHttpServiceEachSelectingExactlyItsService() {
        Rendered out = withOperator("monitoring.labels.release", "kube-prometheus-stack");
        List<Service> http = out.all(Service.class).stream()
                .filter(s -> s.getSpec().getPorts().stream().anyMatch(p -> "http".equals(p.getName()))).toList();
        assertEquals(6, http.size(), "origin + 5 edges");
        List<ServiceMonitor> monitors = out.all(ServiceMonitor.class);
        assertEquals(http.size(), monitors.size());
        Set<String> covered = new HashSet<>();
        for (ServiceMonitor monitor : monitors) {
            Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
            List<String> selected = out.all(Service.class).stream()
                    .filter(s -> ChartTopologyTest.matches(selector, s.getMetadata().getLabels()))
                    .map(s -> s.getMetadata().getName()).toList();
            assertEquals(List.of(monitor.getMetadata().getName()), selected,
                    "ServiceMonitor " + monitor.getMetadata().getName() + " must select its own Service only");
            covered.addAll(selected);
            assertEquals("/q/metrics", monitor.getSpec().getEndpoints().get(0).getPath());
            assertEquals("http", monitor.getSpec().getEndpoints().get(0).getPort());
            assertEquals("kube-prometheus-stack", monitor.getMetadata().getLabels().get("release"));
        }
        assertEquals(http.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()), covered);
    }

    @Test
    void prometheusRuleAlertsOnHitRatioPropagationLagAndDeadLetters() {
        PrometheusRule rule = withOperator().get(PrometheusRule.class, R);
        Map<String, String> alerts = rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream())
                .collect(Collectors.toMap(Rule::getAlert, r -> r.getExpr().getStrVal()));
        assertEquals(Set.of("EdgeSyncHitRatioDrop", "EdgeSyncInvalidationPropagationSlow", "EdgeSyncConsumerLagHigh",
                "EdgeSyncDeadLetters", "EdgeSyncOutboxDeadLetters", "EdgeSyncOutboxBacklog"), alerts.keySet());
        assertTrue(alerts.get("EdgeSyncOutboxBacklog").contains("edgesync_outbox_pending) > 100"),
                alerts.get("EdgeSyncOutboxBacklog"));
        assertTrue(alerts.get("EdgeSyncHitRatioDrop").contains("edgesync_requests_total{result=\"hit\"}"));
        assertTrue(alerts.get("EdgeSyncHitRatioDrop").contains("< 0.5"));
        assertTrue(alerts.get("EdgeSyncInvalidationPropagationSlow").contains("edgesync_invalidation_overhead_seconds_sum"));
        assertTrue(alerts.get("EdgeSyncConsumerLagHigh").contains("kafka_consumer_fetch_manager_records_lag_max"));
        assertTrue(alerts.get("EdgeSyncDeadLetters").contains("edgesync_dead_letters_total"));
        assertTrue(alerts.get("EdgeSyncOutboxDeadLetters").contains("edgesync_outbox_dead_letters_total"));
        alerts.forEach((name, expr) -> assertBalanced(name, expr));
        rule.getSpec().getGroups().get(0).getRules().forEach(r -> {
            assertTrue(r.getAnnotations().get("summary").contains("{{") == r.getAnnotations().get("summary").contains("$labels"),
                    "Prometheus templates survive Helm: " + r.getAnnotations().get("summary"));
            assertFalse(r.getAnnotations().get("summary").isBlank());
        });
    }

    @Test
    void dashboardsAreValidJsonForTheGrafanaSidecarAndChartEveryMetric() throws Exception {
        List<ConfigMap> dashboards = Rendered.of(Chart.render()).all(ConfigMap.class).stream()
                .filter(c -> "1".equals(c.getMetadata().getLabels().get("grafana_dashboard"))).toList();
        assertEquals(2, dashboards.size());
        List<String> expressions = new ArrayList<>();
        Set<String> titles = new HashSet<>();
        Set<String> uids = new HashSet<>();
        for (ConfigMap configMap : dashboards) {
            assertEquals(1, configMap.getData().size());
            String file = configMap.getData().keySet().iterator().next();
            assertTrue(file.endsWith(".json"));
            JsonNode dashboard = STRICT_JSON.readTree(configMap.getData().get(file));
            assertTrue(uids.add(dashboard.path("uid").asText()));
            assertFalse(dashboard.path("title").asText().isBlank());
            for (JsonNode panel : dashboard.path("panels")) {
                titles.add(panel.path("title").asText());
                assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText());
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    assertBalanced(panel.path("title").asText(), expr);
                    expressions.add(expr);
                }
            }
        }
        String all = String.join("\n", expressions);
        for (String metric : List.of("edgesync_requests_total", "edgesync_request_seconds_bucket",
                "edgesync_origin_fetches_total", "edgesync_collapsed_requests_total",
                "edgesync_invalidations_applied_total", "edgesync_invalidation_propagation_seconds_bucket",
                "edgesync_invalidation_overhead_seconds", "edgesync_stale_served_total", "edgesync_dead_letters_total",
                "edgesync_region_strategy", "kafka_consumer_fetch_manager_records_lag_max",
                "edgesync_outbox_pending", "edgesync_outbox_dead_letters_total", "edgesync_l1_hits_total")) {
            assertTrue(all.contains(metric), "no dashboard panel uses " + metric);
        }
        for (String quantile : List.of("histogram_quantile(0.5,", "histogram_quantile(0.95,", "histogram_quantile(0.99,")) {
            assertTrue(all.contains(quantile), quantile);
        }
        assertTrue(titles.stream().anyMatch(t -> t.toLowerCase().contains("hit ratio per region")));
    }

    @Test
    void strimzisKafkaMetricsAreScrapedByAPodMonitorOnTheClustersNodePods() {
        Rendered out = withOperator();
        io.fabric8.openshift.api.model.monitoring.v1.PodMonitor monitor =
                out.get(io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class, R + "-kafka");
        assertEquals(Map.of("strimzi.io/cluster", R, "strimzi.io/kind", "Kafka"),
                monitor.getSpec().getSelector().getMatchLabels());
        assertEquals("tcp-prometheus", monitor.getSpec().getPodMetricsEndpoints().get(0).getPort());
        io.strimzi.api.kafka.model.kafka.Kafka kafka = out.all(io.strimzi.api.kafka.model.kafka.Kafka.class).get(0);
        assertTrue(kafka.getSpec().getKafka().getMetricsConfig() != null, "the PodMonitor scrapes what Kafka exposes");
        assertTrue(withOperator("kafka.metrics", false).all(io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class)
                .isEmpty(), "nothing to scrape without kafka.metrics");
    }

    @Test
    void theL1HitCounterGetsEachEdgeServiceMonitorsRegion() {
        Rendered out = withOperator();
        for (String region : List.of("us-east", "ap-south")) {
            ServiceMonitor monitor = out.get(ServiceMonitor.class, R + "-edge-" + region);
            var relabel = monitor.getSpec().getEndpoints().get(0).getMetricRelabelings().get(0);
            assertEquals(List.of("__name__"), relabel.getSourceLabels());
            assertEquals("edgesync_l1_hits_total", relabel.getRegex());
            assertEquals("region", relabel.getTargetLabel());
            assertEquals(region, relabel.getReplacement());
        }
    }

    private static void assertBalanced(String what, String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            assertTrue(depth >= 0, what + ": " + expr);
        }
        assertEquals(0, depth, what + ": unbalanced parentheses in " + expr);
    }
}
