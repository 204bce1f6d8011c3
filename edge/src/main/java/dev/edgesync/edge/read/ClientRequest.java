package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheKey;

/** The receive stage ({@code vcl_recv} + {@code vcl_hash}): what the read path needs from a client request. */
public record ClientRequest(String key, boolean head, String accept, String ifNoneMatch) {

    public static ClientRequest receive(String method, String rawPath, String rawQuery, String accept,
            String ifNoneMatch) {
        return new ClientRequest(CacheKey.of(rawPath, rawQuery), "HEAD".equalsIgnoreCase(method), accept,
                ifNoneMatch);
    }
}
