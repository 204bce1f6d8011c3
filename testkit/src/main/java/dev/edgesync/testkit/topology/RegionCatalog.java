package dev.edgesync.testkit.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.edgesync.events.Strategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The regions of the topology, read from the Helm chart's {@code values.yaml} (the one source of
 * truth: {@code regions[].name}, {@code delayMs}, {@code strategy}), so that the local run and a
 * Kubernetes install have the same regions.
 */
public final class RegionCatalog {
    public static final String VALUES = "helm/edgesync/values.yaml";

    private RegionCatalog() {
    }

    public static List<RegionSpec> fromValues(Path valuesFile) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(valuesFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + valuesFile, e);
        }
        JsonNode list = root == null ? null : root.get("regions");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(valuesFile + " lists no regions");
        }
        List<RegionSpec> regions = new ArrayList<>();
        for (JsonNode region : list) {
            regions.add(new RegionSpec(text(region, "name", valuesFile), region.path("delayMs").asLong(-1),
                    Strategy.fromWire(text(region, "strategy", valuesFile))));
        }
        return regions;
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(file + ": a region has no " + field);
        }
        return value.asText();
    }
}
