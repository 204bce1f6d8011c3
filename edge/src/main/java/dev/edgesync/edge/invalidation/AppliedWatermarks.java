package dev.edgesync.edge.invalidation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalLong;

/**
 * The region's applied-up-to moment per partition, shared by its replicas in the region's Redis: the sorted set
 * {@code wm} scores member {@code <partition>} with its {@link PartitionProgress#appliedUpTo()} (epoch ms). Scores
 * are only ever raised ({@code ZADD GT}) and the key never expires (the region's Redis runs a {@code volatile-*}
 * policy, so it is never evicted either).
 */
@ApplicationScoped
public class AppliedWatermarks {
    public static final String KEY = "wm";

    private final Redis redis;

    public AppliedWatermarks(Redis redis) {
        this.redis = redis;
    }

    /** Raises the watermark of {@code partition} to {@code appliedUpTo} unless it is already there; asynchronous. */
    public Uni<Void> raise(int partition, long appliedUpTo) {
        return redis.send(Request.cmd(Command.ZADD).arg(KEY).arg("GT").arg(appliedUpTo).arg(partition))
                .replaceWithVoid();
    }

    /** The least watermark over partitions 0..partitions-1; empty when one of them has none yet. */
    public Uni<OptionalLong> regionAppliedUpTo(int partitions) {
        Request scores = Request.cmd(Command.ZMSCORE).arg(KEY);
        for (int p = 0; p < partitions; p++) {
            scores.arg(p);
        }
        return redis.send(scores).map(AppliedWatermarks::least);
    }

    private static OptionalLong least(Response values) {
        if (values == null || values.size() == 0) {
            return OptionalLong.empty();
        }
        long min = Long.MAX_VALUE;
        for (Response v : values) {
            if (v == null) {
                return OptionalLong.empty();
            }
            min = Math.min(min, v.toDouble().longValue());
        }
        return OptionalLong.of(min);
    }
}
