package dev.edgesync.origin.purge;

import java.util.List;

/** The body of {@code POST /api/purge}; mode defaults to {@code default}, priority to {@code normal}. */
public record PurgeRequest(List<String> keys, List<String> tags, List<String> prefixes, String mode,
        String priority) {
}
