package dev.edgesync.edge.read;

import dev.edgesync.edge.metrics.EdgeMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Single flight per key inside this process: the first miss of a key runs the fill, concurrent misses of the same
 * key wait for its reply (counted in {@code edgesync_collapsed_requests_total}). A waiter takes the leader's reply
 * only as far as it is shareable (the caller decides: for example not a response that was not stored, or another
 * variant); otherwise it fills for itself. Replicas of a region collapse with each other in {@link RegionFill}.
 */
@ApplicationScoped
public class FillCollapser {
    private static final long WAIT_SECONDS = 15;

    private final ConcurrentHashMap<String, CompletableFuture<Reply>> inFlight = new ConcurrentHashMap<>();
    private final EdgeMetrics metrics;

    public FillCollapser(EdgeMetrics metrics) {
        this.metrics = metrics;
    }

    /** The reply of the fill of {@code key} running in this process, or null when none runs. */
    public CompletableFuture<Reply> running(String key) {
        return inFlight.get(key);
    }

    public Reply fill(String key, Supplier<Reply> fill) {
        return fill(key, fill, reply -> reply);
    }

    /**
     * @param forWaiter the leader's reply as a waiter may use it, or null when the waiter must fill for itself
     */
    public Reply fill(String key, Supplier<Reply> fill, Function<Reply, Reply> forWaiter) {
        CompletableFuture<Reply> mine = new CompletableFuture<>();
        CompletableFuture<Reply> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            Reply shared = forWaiter.apply(await(leader));
            if (shared != null) {
                metrics.collapsed();
                return shared;
            }
            return fill.get();
        }
        try {
            Reply reply = fill.get();
            mine.complete(reply);
            return reply;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static Reply await(CompletableFuture<Reply> leader) {
        try {
            return leader.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return Reply.problem(504, "fill-timeout", "Gateway Timeout",
                    "the fill this request waited for did not finish within " + WAIT_SECONDS + " s");
        } catch (ExecutionException e) {
            return Reply.problem(502, "fill-failed", "Bad Gateway", "the fill failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.problem(503, "interrupted", "Service Unavailable", "interrupted while waiting for a fill");
        }
    }
}
