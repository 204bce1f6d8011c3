package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.QueryRules;
import dev.edgesync.edge.config.EdgeConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * What {@link ClientRequest#receive} applies to every request: the query rules of cache keys, the longest target,
 * and the tier secret that authenticates a lower tier's {@code X-EdgeSync-*} fields.
 */
@Singleton
public class ReceiveRules {
    private final QueryRules queryRules;
    private final byte[] tierSecret;
    private final int maxTargetBytes;

    ReceiveRules(QueryRules queryRules, String tierSecret, int maxTargetBytes) {
        this.queryRules = queryRules;
        this.tierSecret = tierSecret == null || tierSecret.isBlank() ? null
                : tierSecret.getBytes(StandardCharsets.UTF_8);
        this.maxTargetBytes = maxTargetBytes;
    }

    @Inject
    public ReceiveRules(EdgeConfig config) {
        this(QueryRules.of(config.cache().queryRules()), config.tier().secret().orElse(null),
                config.limits().maxTargetBytes());
    }

    public QueryRules queryRules() {
        return queryRules;
    }

    public int maxTargetBytes() {
        return maxTargetBytes;
    }

    /** The request proves it comes from a lower tier: {@code X-EdgeSync-Tier-Auth} is the secret (constant time). */
    boolean authenticatedTier(List<String> auth) {
        if (tierSecret == null || auth == null || auth.size() != 1) {
            return false;
        }
        return MessageDigest.isEqual(tierSecret, auth.get(0).trim().getBytes(StandardCharsets.UTF_8));
    }
}
