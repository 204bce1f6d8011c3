package dev.edgesync.edge.read;

import dev.edgesync.edge.metrics.EdgeMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Single flight per key inside this process: the first miss of a key runs the fill, concurrent misses of the same
 * key wait for its reply (counted in {@code edgesync_collapsed_requests_total}) without holding a thread. A waiter
 * takes the leader's reply only as far as it is shareable (the caller decides: for example not a response that was
 * not stored, or another variant); otherwise it fills for itself. Replicas of a region collapse with each other in
 * {@link RegionFill}.
 */
@ApplicationScoped
public class FillCollapser {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ConcurrentHashMap<String, CompletableFuture<Reply>> inFlight = new ConcurrentHashMap<>();
    private final EdgeMetrics metrics;

    public FillCollapser(EdgeMetrics metrics) {
        this.metrics = metrics;
    }

    /** The reply of the fill of {@code key} running in this process, or null when none runs. */
    public CompletableFuture<Reply> running(String key) {
        return inFlight.get(key);
    }

    /**
     * @param forWaiter the leader's reply as a waiter may use it, or null when the waiter must fill for itself
     */
    public Uni<Reply> fill(String key, Supplier<Uni<Reply>> fill, Function<Reply, Reply> forWaiter) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Reply> mine = new CompletableFuture<>();
            CompletableFuture<Reply> leader = inFlight.putIfAbsent(key, mine);
            if (leader != null) {
                return waitFor(leader).flatMap(reply -> {
                    Reply shared = forWaiter.apply(reply);
                    if (shared != null) {
                        metrics.collapsed();
                        return Uni.createFrom().item(shared);
                    }
                    return fill.get();
                });
            }
            // the fill runs to its end even when the leader's client goes away: waiters depend on it
            try {
                fill.get().subscribe().with(reply -> {
                    inFlight.remove(key, mine);
                    mine.complete(reply);
                }, failure -> {
                    inFlight.remove(key, mine);
                    mine.completeExceptionally(failure);
                });
            } catch (RuntimeException | Error e) {
                inFlight.remove(key, mine);
                mine.completeExceptionally(e);
            }
            return Uni.createFrom().completionStage(mine);
        });
    }

    private static Uni<Reply> waitFor(CompletableFuture<Reply> leader) {
        return Uni.createFrom().completionStage(leader)
                .ifNoItem().after(WAIT).recoverWithItem(() -> Reply.problem(504, "fill-timeout",
                        "the fill this request waited for did not finish within " + WAIT.toSeconds() + " s"))
                .onFailure().recoverWithItem(e -> Reply.problem(502, "fill-failed",
                        "the fill failed: " + e));
    }
}
