package dev.edgesync.origin.purge;

import java.util.List;

/**
 * The body of {@code POST /api/purge}; mode defaults to {@code default}, priority to {@code normal}; {@code all}
 * purges everything (the prefix {@code /}), and so does naming a host the edges serve in {@code hosts}.
 */
public record PurgeRequest(List<String> keys, List<String> tags, List<String> prefixes, String mode,
        String priority, List<String> patterns, Boolean all, List<String> hosts) {

    public PurgeRequest(List<String> keys, List<String> tags, List<String> prefixes, String mode, String priority) {
        this(keys, tags, prefixes, mode, priority, null, null, null);
    }
}
