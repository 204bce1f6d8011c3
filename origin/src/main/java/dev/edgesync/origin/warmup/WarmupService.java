package dev.edgesync.origin.warmup;

import dev.edgesync.origin.console.ConsoleFeed;
import dev.edgesync.origin.console.EdgeClient;
import dev.edgesync.origin.persistence.Content;
import dev.edgesync.origin.service.ContentView;
import dev.edgesync.events.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Warms the regions: reads each path through every region's edge (the console's {@code edgesync.console.edges}), so
 * the region's normal read path fills its shared Redis (a MISS fills, a lazy region's STALE copy starts its
 * revalidation) and the next reader there, on any replica, finds it cached. At most {@value #PARALLEL} reads per
 * region at once.
 */
@ApplicationScoped
public class WarmupService {
    private static final Logger LOG = Logger.getLogger(WarmupService.class);
    static final int PARALLEL = 10;
    /** Long enough for a fill the region collapses onto (its lock lease is 3 s): a warm-up waits for its fill. */
    static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final ConsoleFeed feed;
    private final EdgeClient client = new EdgeClient();

    public WarmupService(ConsoleFeed feed) {
        this.feed = feed;
    }

    /** {@code POST /api/warmup}: paths, or tags whose items' paths are read, or both. */
    @RegisterForReflection
    public record WarmupRequest(List<String> paths, List<String> tags) {
    }

    /** One read through a region: the edge's status, {@code X-Cache} ({@code ERROR} when it did not answer) and version. */
    @RegisterForReflection
    public record WarmupRead(String path, int status, String cache, long version) {
    }

    /** A region's reads, and how many ended in each {@code X-Cache} outcome. */
    @RegisterForReflection
    public record RegionWarmup(Map<String, Integer> outcomes, List<WarmupRead> reads) {
    }

    @RegisterForReflection
    public record WarmupResult(List<String> paths, Map<String, RegionWarmup> regions) {
    }

    public WarmupResult warm(WarmupRequest request) {
        WarmupTargets.validate(request.paths(), request.tags());
        Map<String, URI> edges = feed.edges().edges();
        if (edges.isEmpty()) {
            throw new ProblemException(503, "no-edges",
                    "edgesync.console.edges names no region to warm (EDGESYNC_CONSOLE_EDGES)");
        }
        List<String> paths = WarmupTargets.of(request.paths(), taggedPaths(request.tags()));
        Map<String, List<WarmupRead>> reads = new LinkedHashMap<>();
        edges.keySet().forEach(region -> reads.put(region, new ArrayList<>()));
        for (int from = 0; from < paths.size(); from += PARALLEL) {
            List<String> batch = paths.subList(from, Math.min(paths.size(), from + PARALLEL));
            Map<String, List<CompletableFuture<WarmupRead>>> pending = new LinkedHashMap<>();
            edges.forEach((region, edge) -> pending.put(region, batch.stream().map(path -> read(edge, path)).toList()));
            pending.forEach((region, futures) -> futures.forEach(f -> reads.get(region).add(f.join())));
        }
        Map<String, RegionWarmup> regions = new LinkedHashMap<>();
        reads.forEach((region, list) -> {
            Map<String, Integer> outcomes = new TreeMap<>();
            list.forEach(r -> outcomes.merge(r.cache(), 1, Integer::sum));
            regions.put(region, new RegionWarmup(outcomes, list));
        });
        LOG.infof("warm-up of %d path(s) through %d region(s): %s", paths.size(), regions.size(),
                regions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().outcomes()).toList());
        return new WarmupResult(paths, regions);
    }

    private CompletableFuture<WarmupRead> read(URI edge, String path) {
        return client.read(edge, path, READ_TIMEOUT)
                .thenApply(r -> new WarmupRead(path, r.status(), r.cache().isEmpty() ? "HTTP " + r.status() : r.cache(),
                        r.version()))
                .exceptionally(e -> new WarmupRead(path, 0, "ERROR", 0));
    }

    /** The newest items carrying any of {@code tags}, as their cache keys. */
    private static List<String> taggedPaths(List<String> tags) {
        if (tags == null || tags.isEmpty()) {
            return List.of();
        }
        List<Number> ids = QuarkusTransaction.requiringNew().call(() -> {
            java.util.Set<Number> found = new java.util.LinkedHashSet<>();
            for (String tag : tags) {
                @SuppressWarnings("unchecked")
                List<Number> tagged = Content.getEntityManager().createNativeQuery(
                        "select id from content where ?1 = any(tags) order by updated_at desc limit ?2")
                        .setParameter(1, tag).setParameter(2, WarmupTargets.MAX_PATHS).getResultList();
                found.addAll(tagged);
            }
            return List.copyOf(found);
        });
        return ids.stream().map(id -> ContentView.cacheKey(id.longValue())).toList();
    }
}
