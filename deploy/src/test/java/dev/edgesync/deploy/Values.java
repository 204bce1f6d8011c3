package dev.edgesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The regions a values file declares, read from the file itself (the test's expectation, not the chart's output). */
record Values(String label, List<Path> files, List<Region> regions) {

    record Region(String name, long delayMs, String strategy, int replicas, String maxTtl,
                  String redisStorage, String redisMaxmemory, String redisEviction) {
    }

    static Values defaults() {
        return of("default values.yaml", List.of(), Chart.dir().resolve("values.yaml"));
    }

    static Values fiveRegions() {
        Path file = Chart.testResource("five-regions-values.yaml");
        return of("five-regions-values.yaml", List.of(file), file);
    }

    private static Values of(String label, List<Path> files, Path regionSource) {
        JsonNode root;
        try {
            root = StrictModels.readYamlTree(Files.readString(regionSource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Region> regions = new ArrayList<>();
        for (JsonNode r : root.path("regions")) {
            JsonNode redis = r.path("redis");
            regions.add(new Region(r.path("name").asText(), r.path("delayMs").asLong(), r.path("strategy").asText(),
                    r.path("replicas").asInt(), r.path("maxTtl").asText(), redis.path("storage").asText(),
                    redis.path("maxmemory").asText(), redis.path("evictionPolicy").asText()));
        }
        if (regions.isEmpty()) {
            throw new IllegalStateException("no regions in " + regionSource);
        }
        return new Values(label, files, regions);
    }

    Rendered render() {
        return Rendered.of(Chart.render(files.toArray(Path[]::new)));
    }

    @Override
    public String toString() {
        return label;
    }
}
