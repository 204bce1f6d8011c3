package dev.edgesync.lab.client;

import dev.edgesync.testkit.topology.LocalTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the experiments send traffic: the origin URL, one edge URL per region and the two bearer
 * tokens. Only these URLs are ever contacted. Loopback addresses only, unless remote targets are
 * explicitly allowed (port-forwards to a Kubernetes install are loopback too).
 */
public record Targets(String origin, Map<String, String> edges, String purgeToken, String adminToken,
        String writeToken) {
    public static final String DEFAULT_ORIGIN = "http://127.0.0.1:4000";
    public static final Map<String, String> DEFAULT_EDGES = defaultEdges();

    public Targets {
        origin = trimSlash(origin);
        Map<String, String> copy = new LinkedHashMap<>();
        edges.forEach((region, url) -> copy.put(region, trimSlash(url)));
        edges = java.util.Collections.unmodifiableMap(copy);
        if (edges.isEmpty()) {
            throw new IllegalArgumentException("no edge configured");
        }
    }

    public Targets(String origin, Map<String, String> edges, String purgeToken, String adminToken) {
        this(origin, edges, purgeToken, adminToken, null);
    }

    /** The origin, every region's edge and the tokens of a topology this process started. */
    public static Targets of(LocalTopology topology) {
        Map<String, String> edges = new LinkedHashMap<>();
        topology.regions().forEach(r -> edges.put(r.name(), topology.edgeUrl(r.name())));
        return new Targets(topology.originUrl(), edges, topology.purgeToken(), topology.adminToken(),
                topology.writeToken());
    }

    public List<String> regions() {
        return List.copyOf(edges.keySet());
    }

    public String edge(String region) {
        String url = edges.get(region);
        if (url == null) {
            throw new IllegalArgumentException("unknown region " + region + "; configured: " + edges.keySet());
        }
        return url;
    }

    /** Throws unless every URL is http(s) and, when {@code allowRemote} is false, names a loopback host. */
    public Targets validated(boolean allowRemote) {
        check("origin", origin, allowRemote);
        edges.forEach((region, url) -> {
            if (!region.matches("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?")) {
                throw new IllegalArgumentException("region name must be a DNS label: " + region);
            }
            check("edge " + region, url, allowRemote);
        });
        return this;
    }

    private static void check(String what, String url, boolean allowRemote) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not a URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(what + ": expected an http(s) URL with a host, was " + url);
        }
        if (!allowRemote && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(what + ": " + uri.getHost() + " is not a loopback address; "
                    + "use a port-forward or pass --allow-remote");
        }
    }

    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name: do not resolve it, treat as remote
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String trimSlash(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("empty URL");
        }
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static Map<String, String> defaultEdges() {
        Map<String, String> edges = new LinkedHashMap<>();
        edges.put("us-east", "http://127.0.0.1:5001");
        edges.put("eu-west", "http://127.0.0.1:5002");
        edges.put("ap-south", "http://127.0.0.1:5003");
        return java.util.Collections.unmodifiableMap(edges);
    }

    /**
     * Resolves the targets. Precedence, highest first: flags, the {@code --config} properties file
     * ({@code origin}, {@code edge.<region>}, {@code purge-token}, {@code admin-token}, {@code write-token}), the env file
     * written by {@code edgesync up} ({@code ORIGIN}, one {@code US_EAST=...} per region, tokens), the
     * process environment (tokens only), the {@code edgesync up} defaults (4000, 5001-5003).
     */
    public static Targets resolve(String originFlag, Map<String, String> edgeFlags, String purgeFlag, String adminFlag,
            Path configFile, Path upEnvFile, Map<String, String> processEnv) {
        String origin = null;
        Map<String, String> edges = new LinkedHashMap<>();
        String purge = null;
        String admin = null;
        String write = null;
        if (upEnvFile != null && Files.isRegularFile(upEnvFile)) {
            Map<String, String> env = readEnvFile(upEnvFile);
            origin = env.get("ORIGIN");
            purge = env.get("EDGESYNC_PURGE_TOKEN");
            admin = env.get("EDGESYNC_ADMIN_TOKEN");
            write = env.get("EDGESYNC_WRITE_TOKEN");
            env.forEach((key, value) -> {
                if (!key.equals("ORIGIN") && !key.equals("EDGES") && !key.startsWith("EDGESYNC_")
                        && key.matches("[A-Z0-9_]+") && value.startsWith("http")) {
                    edges.put(key.toLowerCase(Locale.ROOT).replace('_', '-'), value);
                }
            });
        }
        if (purge == null) {
            purge = processEnv.get("EDGESYNC_PURGE_TOKEN");
        }
        if (admin == null) {
            admin = processEnv.get("EDGESYNC_ADMIN_TOKEN");
        }
        if (write == null) {
            write = processEnv.get("EDGESYNC_WRITE_TOKEN");
        }
        if (configFile != null) {
            Properties p = new Properties();
            try (var reader = Files.newBufferedReader(configFile)) {
                p.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + configFile, e);
            }
            Map<String, String> configured = new LinkedHashMap<>();
            for (String name : p.stringPropertyNames().stream().sorted().toList()) {
                if (name.startsWith("edge.")) {
                    configured.put(name.substring("edge.".length()), p.getProperty(name).trim());
                }
            }
            if (p.getProperty("edges.order") != null) {
                Map<String, String> ordered = new LinkedHashMap<>();
                for (String region : p.getProperty("edges.order").split("[,\\s]+")) {
                    if (configured.containsKey(region)) {
                        ordered.put(region, configured.get(region));
                    }
                }
                ordered.putAll(configured);
                configured = ordered;
            }
            if (!configured.isEmpty()) {
                edges.clear();
                edges.putAll(configured);
            }
            origin = p.getProperty("origin", origin);
            purge = p.getProperty("purge-token", purge);
            admin = p.getProperty("admin-token", admin);
            write = p.getProperty("write-token", write);
        }
        if (originFlag != null) {
            origin = originFlag;
        }
        if (edgeFlags != null && !edgeFlags.isEmpty()) {
            edges.clear();
            edges.putAll(edgeFlags);
        }
        if (purgeFlag != null) {
            purge = purgeFlag;
        }
        if (adminFlag != null) {
            admin = adminFlag;
        }
        if (origin == null) {
            origin = DEFAULT_ORIGIN;
        }
        if (edges.isEmpty()) {
            edges.putAll(DEFAULT_EDGES);
        }
        return new Targets(origin, edges, blankToNull(purge), blankToNull(admin), blankToNull(write));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Reads {@code export KEY=VALUE} / {@code KEY=VALUE} lines; quotes around values are removed. */
    public static Map<String, String> readEnvFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.trim();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("export ")) {
                    l = l.substring("export ".length()).trim();
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String value = l.substring(eq + 1).trim();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                env.put(l.substring(0, eq).trim(), value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return env;
    }
}
