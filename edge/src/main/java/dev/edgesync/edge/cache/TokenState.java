package dev.edgesync.edge.cache;

import java.util.Map;

/**
 * The current invalidation state an entry is judged against: hard and soft generation of each token (0 when never
 * invalidated) and the minimum hard and soft content versions of the key.
 */
public record TokenState(Map<String, Long> hard, Map<String, Long> soft, long minVersionHard, long minVersionSoft) {

    public TokenState {
        hard = Map.copyOf(hard);
        soft = Map.copyOf(soft);
    }

    public long hard(String token) {
        return hard.getOrDefault(token, 0L);
    }

    public long soft(String token) {
        return soft.getOrDefault(token, 0L);
    }
}
