package dev.edgesync.deploy;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./mvnw verify} runs the native build steps of origin and edge (issue 15's "done when"): the root pom's
 * quarkus-maven-plugin runs a native sources-only build before the JVM build, in every module that uses the
 * plugin, and only image builds and the real native build skip it.
 */
class NativeBuildStepsTest {

    private static Document pom(String module) throws Exception {
        Path file = module.isEmpty() ? Chart.root().resolve("pom.xml") : Chart.root().resolve(module).resolve("pom.xml");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static List<Element> children(Node parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent == null ? null : parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static Element child(Node parent, String... path) {
        Node node = parent;
        for (String name : path) {
            List<Element> found = children(node, name);
            if (found.isEmpty()) {
                return null;
            }
            node = found.get(0);
        }
        return (Element) node;
    }

    private static String text(Node parent, String... path) {
        Element element = child(parent, path);
        return element == null ? null : element.getTextContent().trim();
    }

    private static Element quarkusPlugin(Node plugins) {
        for (Element plugin : children(plugins, "plugin")) {
            if ("quarkus-maven-plugin".equals(text(plugin, "artifactId"))) {
                return plugin;
            }
        }
        return null;
    }

    private static Map<String, String> properties(Element properties) {
        Map<String, String> values = new LinkedHashMap<>();
        if (properties != null) {
            for (Node n = properties.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    values.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        return values;
    }

    @Test
    void theQuarkusBuildRunsTheNativeStepsSourcesOnlyBeforeTheJvmBuild() throws Exception {
        Element project = pom("").getDocumentElement();
        Element plugin = quarkusPlugin(child(project, "build", "pluginManagement", "plugins"));
        assertNotNull(plugin, "root pom manages the quarkus-maven-plugin");
        List<Element> executions = children(child(plugin, "executions"), "execution");
        assertTrue(executions.size() >= 2, "a native check and the JVM build");

        Element check = executions.get(0);
        assertEquals("native-build-steps", text(check, "id"), "the native check is declared first: it runs first");
        assertEquals("package", text(check, "phase"));
        assertEquals(List.of("build"), children(child(check, "goals"), "goal").stream().map(g -> g.getTextContent().trim()).toList());
        Map<String, String> config = properties(child(check, "configuration", "properties"));
        assertEquals("true", config.get("quarkus.native.enabled"), config.toString());
        assertEquals("true", config.get("quarkus.native.sources-only"), config.toString());
        // no fast-jar from this build: the JVM build's target/quarkus-app (e2e, bench) is the only one
        assertEquals("false", config.get("quarkus.package.jar.enabled"), config.toString());
        assertEquals("${edgesync.native-check.skip}", text(check, "configuration", "skip"));
        assertEquals("false", properties(child(project, "properties")).get("edgesync.native-check.skip"),
                "./mvnw verify runs the check unless told otherwise");

        Element jvm = executions.get(1);
        assertTrue(text(jvm, "id") == null || text(jvm, "id").equals("default"), "the JVM build is the default execution");
        assertTrue(children(child(jvm, "goals"), "goal").stream().anyMatch(g -> g.getTextContent().trim().equals("build")));
        assertTrue(child(jvm, "configuration") == null, "the JVM build has no native settings of its own");
    }

    @Test
    void bothServicesUseThePluginAndTheirNativeProfileSkipsTheCheck() throws Exception {
        for (String module : List.of("origin", "edge")) {
            Element project = pom(module).getDocumentElement();
            assertNotNull(quarkusPlugin(child(project, "build", "plugins")), module + " declares the quarkus-maven-plugin");
            Element nativeProfile = children(child(project, "profiles"), "profile").stream()
                    .filter(p -> "native".equals(text(p, "id"))).findFirst().orElseThrow();
            Map<String, String> values = properties(child(nativeProfile, "properties"));
            assertEquals("true", values.get("quarkus.native.enabled"), module);
            assertEquals("true", values.get("quarkus.native.container-build"), module + ": no GraalVM needed on the host");
            assertEquals("true", values.get("edgesync.native-check.skip"), module + ": -Dnative builds natively anyway");
        }
    }

    /** Quarkus refuses a container image with native sources, so an image build must not run the check. */
    @Test
    void anImageBuildSkipsTheCheck() throws Exception {
        Element project = pom("").getDocumentElement();
        Element profile = children(child(project, "profiles"), "profile").stream()
                .filter(p -> "image-build".equals(text(p, "id"))).findFirst().orElseThrow();
        assertEquals("quarkus.container-image.build", text(profile, "activation", "property", "name"));
        assertEquals("true", text(profile, "activation", "property", "value"));
        assertEquals("true", properties(child(profile, "properties")).get("edgesync.native-check.skip"));
    }

    /** The native image commands (docs/kubernetes.md) (no Skaffold): a container build, then the images the chart pulls loaded. */
    @Test
    void theReadmeBuildsNativeImagesInAContainerAndLoadsTheImagesTheServicesAreNamed() throws Exception {
        String readme = Files.readString(Chart.root().resolve("docs/kubernetes.md"));
        int section = readme.indexOf("#### Native images");
        assertTrue(section >= 0, "docs/kubernetes.md has a Native images section");
        int start = readme.indexOf("```shell\n", section) + "```shell\n".length();
        String block = readme.substring(start, readme.indexOf("```", start)).replace("\\\n", " ");
        List<String> builds = block.lines().filter(l -> l.startsWith("./mvnw ")).toList();
        assertEquals(2, builds.size(), block);
        for (String build : builds) {
            assertTrue(build.contains("-pl origin,edge") && build.contains(" -Dnative ")
                    && build.contains("-Dquarkus.container-image.build=true"), build);
        }
        assertTrue(builds.get(1).contains("-Dquarkus.native.container-runtime=podman")
                && builds.get(1).contains("-Dquarkus.jib.docker-executable-name=podman"), builds.get(1));

        String version = text(pom("").getDocumentElement(), "version");
        for (String module : List.of("origin", "edge")) {
            java.util.Properties config = new java.util.Properties();
            try (var in = Files.newBufferedReader(Chart.root().resolve(module + "/src/main/resources/application.properties"))) {
                config.load(in);
            }
            String image = config.getProperty("quarkus.container-image.image").replace("${quarkus.application.version}", version);
            assertTrue(block.lines().anyMatch(l -> l.startsWith("kind load docker-image ") && l.contains(" " + image + " ")), image + "\n" + block);
            assertTrue(block.lines().anyMatch(l -> l.startsWith("podman save ") && l.contains(" " + image)), image + "\n" + block);
            assertTrue(block.lines().anyMatch(l -> l.equals("minikube image load " + image)), image + "\n" + block);
        }
    }

    @Test
    void ciRunsTheReadmeTestCommand() throws Exception {
        String ci = Files.readString(Chart.root().resolve(".ci/run"));
        assertTrue(ci.lines().anyMatch(line -> line.trim().startsWith("./mvnw verify")), ci);
    }
}
