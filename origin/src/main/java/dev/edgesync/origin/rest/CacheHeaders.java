package dev.edgesync.origin.rest;

import dev.edgesync.origin.service.ContentView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The caching headers edges rely on, and the {@code If-None-Match} comparison; no I/O. */
public final class CacheHeaders {
    public static final String SURROGATE_KEY = "Surrogate-Key";
    public static final String CONTENT_VERSION = "X-Content-Version";
    public static final String LIST_SURROGATE_KEY = "content-list";

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private CacheHeaders() {
    }

    /** The strong entity tag of one version of an item, quotes included: {@code "42-7"}. */
    public static String etag(ContentView content) {
        return "\"" + content.id() + "-" + content.version() + "\"";
    }

    /** An IMF-fixdate (RFC 9110 section 5.6.7). */
    public static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    /** {@code content-<id>} followed by the item's own tags. */
    public static String surrogateKey(ContentView content) {
        StringBuilder keys = new StringBuilder(ContentView.surrogateKey(content.id()));
        content.tags().forEach(tag -> keys.append(' ').append(tag));
        return keys.toString();
    }

    /**
     * Whether an {@code If-None-Match} header value matches {@code etag}: {@code *}, or any listed tag
     * equal to it under the weak comparison RFC 9110 prescribes for this header.
     */
    public static boolean noneMatchHits(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String opaque = stripWeak(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || stripWeak(tag).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String stripWeak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
