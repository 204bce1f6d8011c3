package dev.edgesync.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration properties a service (origin or edge) reads, with their defaults, taken from its sources:
 * its application.properties, every {@code @ConfigProperty(name = ...)}, and its {@code @ConfigMapping(prefix =
 * "edgesync")} interface.
 */
final class ServiceProperties {

    private ServiceProperties() {
    }

    static Map<String, String> read(String module) throws IOException {
        Path main = Chart.root().resolve(module).resolve("src/main");
        Map<String, String> defaults = new TreeMap<>();
        Properties app = new Properties();
        try (var in = Files.newBufferedReader(main.resolve("resources/application.properties"))) {
            app.load(in);
        }
        Pattern configProperty = Pattern.compile(
                "@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"(?:,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?");
        try (Stream<Path> files = Files.walk(main.resolve("java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher m = configProperty.matcher(source);
                while (m.find()) {
                    defaults.putIfAbsent(m.group(1), m.group(2));
                }
                Matcher mapping = MAPPING.matcher(source);
                if (mapping.find()) { // every @ConfigMapping of the service (OriginConfig, ConsoleConfig, ...)
                    defaults.putAll(configMapping(source, mapping.group(1)));
                }
            }
        }
        app.stringPropertyNames().stream().filter(k -> !k.startsWith("%") && !k.startsWith("quarkus.kubernetes."))
                .forEach(k -> defaults.put(k, app.getProperty(k)));
        return defaults;
    }

    /** The environment variable a property is read from (MicroProfile Config's rule: upper case, other characters to _). */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** Property names (and @WithDefault values) of a @ConfigMapping(prefix = "edgesync") interface with nested groups. */
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");

    private static Map<String, String> configMapping(String source, String prefix) {
        Map<String, String> out = new TreeMap<>();
        Deque<String> groups = new ArrayDeque<>();
        String pendingDefault = null;
        String pendingName = null; // @WithName: the property's own name instead of the method's
        Pattern group = Pattern.compile("^\\s*(?:public\\s+)?interface (\\w+) \\{");
        Pattern withDefault = Pattern.compile("@WithDefault\\(\"([^\"]*)\"\\)");
        Pattern withName = Pattern.compile("@WithName\\(\"([^\"]*)\"\\)");
        Pattern method = Pattern.compile("^\\s*[\\w<>, .?]+ (\\w+)\\(\\);");
        boolean top = true;
        for (String line : source.split("\n")) {
            Matcher g = group.matcher(line);
            Matcher d = withDefault.matcher(line);
            Matcher m = method.matcher(line);
            Matcher w = withName.matcher(line);
            if (g.find()) {
                if (top) {
                    top = false; // the mapping interface itself
                } else {
                    groups.push(kebab(g.group(1)));
                }
            } else if (line.equals("    }") && !groups.isEmpty()) {
                groups.pop();
            } else if (d.find()) {
                pendingDefault = d.group(1);
            } else if (w.find()) {
                pendingName = w.group(1);
            } else if (m.find()) {
                String name = prefix + "." + (groups.isEmpty() ? "" : groups.peek() + ".")
                        + (pendingName != null ? pendingName : kebab(m.group(1)));
                out.put(name, pendingDefault);
                pendingDefault = null;
                pendingName = null;
            }
        }
        return out;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
