package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.HttpDate;
import java.util.OptionalLong;

/**
 * Client conditionals answered by the edge (RFC 9110 §13.2.2): {@code If-None-Match} (weak comparison) and,
 * only when there is none, {@code If-Modified-Since} against {@code Last-Modified} (else {@code Date}).
 */
public final class ClientConditional {
    private ClientConditional() {
    }

    public static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, String lastModified,
            String date) {
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            return EtagMatch.matches(ifNoneMatch, etag);
        }
        OptionalLong since = HttpDate.parse(ifModifiedSince);
        if (since.isEmpty()) {
            return false;
        }
        OptionalLong modified = HttpDate.parse(lastModified != null ? lastModified : date);
        return modified.isPresent() && modified.getAsLong() <= since.getAsLong();
    }
}
