package dev.edgesync.edge.hit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Varnish's waiting list for the event-loop hit path: plain requests of a key that missed L1 while another plain
 * request of the same key is in the read path of this process wait here, holding no thread, until that request's
 * response has ended. By then its fill has put the copy into L1 (before the read path answers), so each waiter is
 * answered as an event-loop hit on its own connection: a miss storm on one replica is one trip through the read path
 * and N cheap L1 answers, not N read-path answers. A waiter that L1 cannot answer then (the response was not
 * storable, another Vary variant, an invalidation during the fill, L1 not current) goes on to the read path, where it
 * collapses as before ({@code ReadPath}'s joining at arrival, the region fill lock).
 */
final class WaitingList {
    private static final String WAITED_SINCE = "edgesync.waited-since";

    /** A request parked until {@code key}'s running request ends, and the event loop that serves its connection. */
    record Waiter(RoutingContext ctx, Context context) {
    }

    /** Keys with a plain request in the read path, and the requests waiting for it (guarded by the map's bin lock). */
    private final ConcurrentHashMap<String, List<Waiter>> running = new ConcurrentHashMap<>();
    /** Runs a waiter again on its own event loop once the request it waited for has ended. */
    private final Consumer<RoutingContext> resume;

    /** When a waiter began to wait ({@link #waitedSince}). */
    private final InstantSource clock;

    WaitingList(Consumer<RoutingContext> resume, InstantSource clock) {
        this.resume = resume;
        this.clock = clock;
    }

    /**
     * {@code ctx} missed L1 for {@code key}: true when it now waits for the request of {@code key} already in the read
     * path; false when none is, and {@code ctx} is that request from now until its response ends (it goes on to the
     * read path).
     */
    boolean waitOrLead(String key, RoutingContext ctx) {
        Context context = Vertx.currentContext();
        boolean[] leads = {false};
        running.compute(key, (k, waiters) -> {
            if (waiters == null) {
                leads[0] = true;
                return new ArrayList<>();
            }
            waiters.add(new Waiter(ctx, context));
            return waiters;
        });
        if (!leads[0]) {
            ctx.put(WAITED_SINCE, clock.millis());
            ctx.request().pause(); // a body arriving meanwhile stays for the read path, should it go on there
        } else {
            // ended, failed or its connection closed: the waiters look at L1 (or go on to the read path) then
            ctx.addEndHandler(done -> release(key));
        }
        return !leads[0];
    }

    /** When {@code ctx} began to wait (epoch ms), or {@link Long#MAX_VALUE} when it did not. */
    static long waitedSince(RoutingContext ctx) {
        Long since = ctx.get(WAITED_SINCE);
        return since == null ? Long.MAX_VALUE : since;
    }

    /** Runs {@code ctx}, which waited, again. */
    private void resume(Waiter w) {
        w.ctx().request().resume();
        resume.accept(w.ctx());
    }

    private void release(String key) {
        List<Waiter> waiters = running.remove(key);
        if (waiters == null) {
            return;
        }
        for (Waiter w : waiters) {
            w.context().runOnContext(v -> resume(w));
        }
    }
}
