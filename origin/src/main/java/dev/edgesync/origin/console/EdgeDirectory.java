package dev.edgesync.origin.console;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Region name to edge base URL, parsed from {@code region=url,region=url}. */
public final class EdgeDirectory {
    private final Map<String, URI> edges;

    private EdgeDirectory(Map<String, URI> edges) {
        this.edges = Collections.unmodifiableMap(edges);
    }

    public static EdgeDirectory parse(String text) {
        Map<String, URI> edges = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return new EdgeDirectory(edges);
        }
        for (String part : text.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("edgesync.console.edges: '" + entry + "' is not region=url");
            }
            String region = entry.substring(0, eq).trim();
            URI url = URI.create(stripSlash(entry.substring(eq + 1).trim()));
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("edgesync.console.edges: '" + entry + "' needs an http(s) URL");
            }
            if (edges.putIfAbsent(region, url) != null) {
                throw new IllegalArgumentException("edgesync.console.edges: region " + region + " appears twice");
            }
        }
        return new EdgeDirectory(edges);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Map<String, URI> edges() {
        return edges;
    }

    public URI url(String region) {
        return edges.get(region);
    }
}
