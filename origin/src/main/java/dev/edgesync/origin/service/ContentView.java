package dev.edgesync.origin.service;

import dev.edgesync.origin.persistence.Content;
import java.time.Instant;
import java.util.List;

/** A content item as clients see it. */
public record ContentView(long id, String title, String slug, String body, List<String> tags, long version,
        Instant updatedAt) {

    public static ContentView of(Content content) {
        return new ContentView(content.id, content.title, content.slug, content.body, List.copyOf(content.tags),
                content.version, content.updatedAt);
    }

    /** The cache key edges store this item under, also the key of its invalidation events. */
    public static String cacheKey(long id) {
        return "/api/content/" + id;
    }

    /** The surrogate key naming this one item. */
    public static String surrogateKey(long id) {
        return "content-" + id;
    }
}
