package dev.edgesync.edge.invalidation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalLong;

/**
 * The region's applied-up-to moment per partition, shared by its replicas in the region's Redis: {@code wm:<n>}
 * holds the {@link PartitionProgress#appliedUpTo()} of partition n (epoch ms), only ever raised and never expiring
 * (the region's Redis runs a {@code volatile-*} policy, so it is never evicted either).
 */
@ApplicationScoped
public class AppliedWatermarks {
    static final String RAISE_SCRIPT = """
            local c = redis.call('GET', KEYS[1])
            if c and tonumber(c) >= tonumber(ARGV[1]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
            """;

    private final Redis redis;

    public AppliedWatermarks(Redis redis) {
        this.redis = redis;
    }

    public static String key(int partition) {
        return "wm:" + partition;
    }

    /** Raises {@code wm:<partition>} to {@code appliedUpTo} unless it is already there; asynchronous. */
    public Uni<Void> raise(int partition, long appliedUpTo) {
        return redis.send(Request.cmd(Command.EVAL).arg(RAISE_SCRIPT).arg(1).arg(key(partition)).arg(appliedUpTo))
                .replaceWithVoid();
    }

    /** The least watermark over partitions 0..partitions-1; empty when one of them has none yet. */
    public Uni<OptionalLong> regionAppliedUpTo(int partitions) {
        Request mget = Request.cmd(Command.MGET);
        for (int p = 0; p < partitions; p++) {
            mget.arg(key(p));
        }
        return redis.send(mget).map(AppliedWatermarks::least);
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
            min = Math.min(min, v.toLong());
        }
        return OptionalLong.of(min);
    }
}
