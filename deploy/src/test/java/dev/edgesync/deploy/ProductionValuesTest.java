package dev.edgesync.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a production install needs beyond the topology: autoscaling, ingress, scheduling, identity, kept secrets, helm test. */
class ProductionValuesTest {
    private static final String R = Chart.RELEASE;
    private static final Path VALUES = Chart.dir().resolve("values.yaml");
    static final Path ADD_A_REGION = Chart.root().resolve("helm/examples/add-a-region.yaml");

    private static Rendered render(Object... sets) {
        return Rendered.of(Chart.render(List.of(VALUES), Chart.sets(sets)));
    }

    @Test
    void autoscalersTargetEachRegionsEdgesAndTheOriginAndTakeOverTheirReplicas() {
        Rendered off = render();
        assertTrue(off.all(HorizontalPodAutoscaler.class).isEmpty());
        assertEquals(2, off.get(Deployment.class, R + "-edge-us-east").getSpec().getReplicas());

        Rendered on = render("edge.autoscaling.enabled", true, "edge.autoscaling.maxReplicas", 5,
                "origin.autoscaling.enabled", true);
        Map<String, HorizontalPodAutoscaler> hpas = on.all(HorizontalPodAutoscaler.class).stream()
                .collect(Collectors.toMap(h -> h.getSpec().getScaleTargetRef().getName(), h -> h));
        Set<String> deployments = on.all(Deployment.class).stream().map(d -> d.getMetadata().getName())
                .collect(Collectors.toSet());
        assertEquals(deployments, hpas.keySet(), "one autoscaler per Deployment, each naming an existing one");
        hpas.values().forEach(h -> assertEquals("Deployment", h.getSpec().getScaleTargetRef().getKind()));
        assertEquals(5, hpas.get(R + "-edge-eu-west").getSpec().getMaxReplicas());
        assertEquals(70, hpas.get(R + "-origin").getSpec().getMetrics().get(0).getResource().getTarget()
                .getAverageUtilization());
        on.all(Deployment.class).forEach(d -> assertNull(d.getSpec().getReplicas(),
                d.getMetadata().getName() + ": the autoscaler owns replicas, an upgrade must not reset them"));
    }

    @Test
    void ingressRoutesTheOriginAndEachRegionWithAHostToItsService() {
        assertTrue(render("ingress.enabled", true).all(Ingress.class).isEmpty(), "no host, no Ingress");
        Rendered out = render("ingress.enabled", true, "ingress.className", "nginx",
                "ingress.originHost", "origin.example.test", "regions[1].ingressHost", "eu.edge.example.test");
        Ingress ingress = out.get(Ingress.class, R);
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        Map<String, String> hostToService = ingress.getSpec().getRules().stream().collect(Collectors.toMap(
                IngressRule::getHost, r -> r.getHttp().getPaths().get(0).getBackend().getService().getName()));
        assertEquals(Map.of("origin.example.test", R + "-origin", "eu.edge.example.test", R + "-edge-eu-west"),
                hostToService);
        Set<String> services = out.all(Service.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        assertTrue(services.containsAll(hostToService.values()));
        ingress.getSpec().getRules().forEach(r -> assertEquals("http",
                r.getHttp().getPaths().get(0).getBackend().getService().getPort().getName()));
    }

    @Test
    void schedulingPullSecretsAndServiceAccountReachThePods() {
        Rendered out = render("edge.nodeSelector.pool", "edge", "edge.tolerations[0].key", "dedicated",
                "edge.tolerations[0].operator", "Exists", "origin.nodeSelector.pool", "core",
                "imagePullSecrets[0].name", "registry", "serviceAccount.annotations.team", "cdn");
        ServiceAccount account = out.get(ServiceAccount.class, R);
        assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken());
        assertEquals("cdn", account.getMetadata().getAnnotations().get("team"));
        Map<String, PodTemplateSpec> pods = out.podTemplates();
        assertEquals(3 + 3 + 1 + 1, pods.size(), "3 edges, 3 Redis, origin, PostgreSQL");
        pods.forEach((owner, template) -> {
            PodSpec spec = template.getSpec();
            assertEquals(R, spec.getServiceAccountName(), owner);
            assertEquals(Boolean.FALSE, spec.getAutomountServiceAccountToken(), owner);
            assertEquals("registry", spec.getImagePullSecrets().get(0).getName(), owner);
        });
        PodSpec edge = pods.get(R + "-edge-ap-south").getSpec();
        assertEquals(Map.of("pool", "edge"), edge.getNodeSelector());
        assertEquals("dedicated", edge.getTolerations().get(0).getKey());
        assertEquals(Map.of("pool", "core"), pods.get(R + "-origin").getSpec().getNodeSelector());
        assertTrue(render("serviceAccount.create", false).all(ServiceAccount.class).isEmpty());
        assertEquals("default", render("serviceAccount.create", false).podTemplates().get(R + "-origin").getSpec()
                .getServiceAccountName());
    }

    @Test
    void generatedSecretsSurviveUninstall() {
        List<Secret> secrets = render().all(Secret.class);
        assertEquals(Set.of(R + "-tokens", R + "-postgres"),
                secrets.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()));
        secrets.forEach(s -> assertEquals("keep", s.getMetadata().getAnnotations().get("helm.sh/resource-policy"),
                s.getMetadata().getName()));
    }

    @Test
    void theHelmTestPodChecksEveryRegionThroughTheOriginWithTheWriteToken(@TempDir Path work) throws Exception {
        String source = java.nio.file.Files.readString(Chart.dir().resolve("templates/tests/propagation-test.yaml"));
        assertTrue(source.contains("helm.sh/hook: test"), "a `helm test` hook");
        assertTrue(Rendered.of(Chart.render(List.of(ADD_A_REGION), Map.of())).find(Pod.class, R + "-test-propagation")
                .isEmpty(), "a hook is not part of the release's objects");
        Rendered out = Rendered.of(StrictModels.parseAll(
                Chart.templateWithHooks(List.of(ADD_A_REGION), Map.of(), work)));
        Pod pod = out.get(Pod.class, R + "-test-propagation");
        assertEquals("test", pod.getMetadata().getAnnotations().get("edgesync.dev/hook"));
        assertEquals("Never", pod.getSpec().getRestartPolicy());
        Container test = pod.getSpec().getContainers().get(0);
        Map<String, String> env = test.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        Set<String> services = out.all(Service.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        List<String> edges = List.of(env.get("EDGES").split(" "));
        assertEquals(List.of("us-east", "eu-west", "ap-south", "sa-east"),
                edges.stream().map(e -> e.substring(0, e.indexOf('='))).toList());
        for (String edge : edges) {
            String host = edge.substring(edge.indexOf("//") + 2, edge.lastIndexOf(':'));
            assertTrue(services.contains(host), edge + " names no Service");
        }
        assertEquals("http://" + R + "-origin:8080", env.get("ORIGIN"));
        var token = test.getEnv().stream().filter(e -> e.getName().equals("WRITE_TOKEN")).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef();
        Secret tokens = out.get(Secret.class, token.getName());
        assertTrue(tokens.getData().containsKey(token.getKey()));
        String script = test.getArgs().get(0);
        // the pod runs the chart's file as it is: e2e HelmTestScriptTest runs that file against live services
        assertEquals(java.nio.file.Files.readString(Chart.dir().resolve("files/propagation-test.sh")), script);
        Path scriptFile = work.resolve("propagation.sh");
        java.nio.file.Files.writeString(scriptFile, script);
        Process syntax = new ProcessBuilder("sh", "-n", scriptFile.toString()).redirectErrorStream(true).start();
        String syntaxOut = new String(syntax.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, syntax.waitFor(), "sh -n: " + syntaxOut);
        assertTrue(script.contains("-X PUT \"$ORIGIN/api/content/$id\""), "the update goes to the origin");
        assertTrue(script.contains("until curl -fsS \"$url/api/content/$id\" | grep -q \"second $slug\""),
                "each edge is polled until the update arrives");
        assertFalse(Rendered.of(StrictModels.parseAll(Chart.templateWithHooks(List.of(VALUES),
                Chart.sets("tests.enabled", false), work.resolve("off")))).find(Pod.class, R + "-test-propagation")
                .isPresent());
    }

    @Test
    void theAddARegionExampleAddsEveryPerRegionObjectAndPassesLint(@TempDir Path work) {
        Rendered before = render();
        Rendered after = Rendered.of(Chart.render(List.of(VALUES, ADD_A_REGION), Map.of()));
        for (String name : List.of(R + "-edge-sa-east", R + "-region-sa-east", R + "-redis-sa-east")) {
            assertTrue(after.docs().stream().anyMatch(d -> d.name().equals(name)), name);
            assertFalse(before.docs().stream().anyMatch(d -> d.name().equals(name)), name);
        }
        assertEquals(before.all(Deployment.class).size() + 1, after.all(Deployment.class).size());
        String properties = after.configMapData(R + "-region-sa-east", "edge.properties");
        assertTrue(properties.contains("edgesync.origin.timeout=4s"), properties);
        assertTrue(after.configMapData(R + "-region-us-east", "edge.properties").contains("edgesync.origin.timeout=2s"));
        for (String region : List.of("us-east", "eu-west", "ap-south")) {
            assertEquals(before.configMapData(R + "-region-" + region, "edge.properties"),
                    after.configMapData(R + "-region-" + region, "edge.properties"), region + " is unchanged");
        }
        var lint = Chart.lintWithValues(ADD_A_REGION, work);
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }
}
