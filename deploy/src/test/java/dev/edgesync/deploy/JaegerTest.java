package dev.edgesync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional Jaeger: off by default, and when on, the origin and every region's edges send their traces to it. */
class JaegerTest {
    private static final String R = Chart.RELEASE;
    private static final String ENDPOINT = "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    private static Rendered render(Object... sets) {
        return Rendered.of(Chart.render(List.of(Chart.testResource("five-regions-values.yaml")), Chart.sets(sets)));
    }

    @Test
    void offByDefaultNothingIsRenderedAndNoServiceExportsTraces() {
        Rendered out = Rendered.of(Chart.render());
        assertTrue(out.docs().stream().noneMatch(d -> d.name().contains("jaeger")),
                "no Jaeger object: " + out.docs().stream().map(d -> d.kind() + "/" + d.name()).toList());
        for (Deployment deployment : out.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                assertTrue(container.getEnv().stream().noneMatch(e -> e.getName().equals(ENDPOINT)),
                        deployment.getMetadata().getName() + " exports nowhere by default");
            }
        }
    }

    @Test
    void whenOnTheOriginAndEveryEdgeExportToJaegersOtlpPort() {
        Rendered out = render("jaeger.enabled", true);
        Deployment jaeger = out.get(Deployment.class, R + "-jaeger");
        Service service = out.get(Service.class, R + "-jaeger");
        assertTrue(ChartTopologyTest.matches(service.getSpec().getSelector(),
                jaeger.getSpec().getTemplate().getMetadata().getLabels()), "the Service selects the Jaeger pod");
        assertEquals(java.util.Set.of(R + "-jaeger"), ChartTopologyTest.selectedPods(out, service.getSpec().getSelector()),
                "and nothing else");
        Container container = ChartTopologyTest.single(jaeger.getSpec().getTemplate());
        assertEquals("jaegertracing/all-in-one:1.62.0", container.getImage());

        ServicePort otlp = port(service, 4317);
        assertEquals(4317, containerPort(container, otlp.getTargetPort().getStrVal()).getContainerPort());
        ServicePort ui = port(service, 16686);
        assertEquals(16686, containerPort(container, ui.getTargetPort().getStrVal()).getContainerPort());

        List<Deployment> services = out.all(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(R + "-origin") || d.getMetadata().getName().startsWith(R + "-edge-"))
                .toList();
        assertEquals(1 + 5, services.size(), "the origin and the five regions' edges");
        for (Deployment deployment : services) {
            Map<String, EnvVar> env = ChartTopologyTest.env(ChartTopologyTest.single(deployment.getSpec().getTemplate()));
            assertEquals("http://" + service.getMetadata().getName() + ":4317", env.get(ENDPOINT) == null ? null
                    : env.get(ENDPOINT).getValue(), deployment.getMetadata().getName() + " exports to Jaeger's OTLP port");
        }
    }

    @Test
    void jaegerRunsAsANonRootUserWithTheChartsHardening() {
        Deployment jaeger = render("jaeger.enabled", true).get(Deployment.class, R + "-jaeger");
        PodSecurityContext pod = jaeger.getSpec().getTemplate().getSpec().getSecurityContext();
        assertEquals(Boolean.TRUE, pod.getRunAsNonRoot());
        assertNotEquals(0L, pod.getRunAsUser());
        assertEquals("RuntimeDefault", pod.getSeccompProfile().getType());
        assertEquals(Boolean.FALSE, jaeger.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken());
        Container container = ChartTopologyTest.single(jaeger.getSpec().getTemplate());
        SecurityContext security = container.getSecurityContext();
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertFalse(container.getResources().getLimits().isEmpty(), "a memory limit: traces are kept in memory");
        assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), "a writable /tmp");
        assertEquals("/", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals(14269, containerPort(container, container.getReadinessProbe().getHttpGet().getPort().getStrVal())
                .getContainerPort(), "Jaeger's admin port answers its health");
    }

    private static ServicePort port(Service service, int port) {
        return service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError(service.getMetadata().getName() + " has no port " + port));
    }

    private static ContainerPort containerPort(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + name));
    }
}
