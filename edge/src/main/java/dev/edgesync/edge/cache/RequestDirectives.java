package dev.edgesync.edge.cache;

import java.util.Locale;
import java.util.function.Function;

/** A request's cache directives: {@code Cache-Control}, or {@code Pragma: no-cache} when it has none (RFC 9111 §5.4). */
public final class RequestDirectives {
    private RequestDirectives() {
    }

    public static CacheControl of(Function<String, String> header) {
        String cc = header.apply("cache-control");
        if (cc != null && !cc.isBlank()) {
            return CacheControl.parse(cc);
        }
        String pragma = header.apply("pragma");
        if (pragma != null && pragma.toLowerCase(Locale.ROOT).contains("no-cache")) {
            return CacheControl.parse("no-cache");
        }
        return CacheControl.NONE;
    }
}
