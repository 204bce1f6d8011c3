package dev.edgesync.edge.cache;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * May a shared cache store this response to a GET (RFC 9111 §3)? Choices beyond the RFC: 500, 502, 503 and 504
 * are origin failures, stored only with explicit freshness ({@code s-maxage}, {@code max-age}, {@code Expires}; never
 * heuristically) and never served stale (see {@link ReusePolicy}); without it they trigger {@code stale-if-error}. A response with {@code Set-Cookie} (or the
 * obsolete {@code Set-Cookie2}) follows its path's {@link SetCookieRules} mode.
 */
public final class StoragePolicy {

    /** Origin answers treated as failures: a stale copy answers them when allowed; stored only with explicit freshness. */
    public static final Set<Integer> ORIGIN_ERRORS = Set.of(500, 502, 503, 504);

    public enum Decision {
        STORE,
        /** Request {@code no-store}. */
        REQUEST_NO_STORE,
        NO_STORE,
        /** Unqualified {@code private}. */
        PRIVATE,
        /** The request carried {@code Authorization} and the response is not {@code public}/{@code s-maxage}/{@code must-revalidate}. */
        AUTHORIZATION,
        SET_COOKIE,
        /** {@code Vary: *} never matches a later request. */
        VARY_STAR,
        /** A status this edge does not store (206: no range support; 1xx, 304; unknown with must-understand). */
        STATUS,
        ORIGIN_ERROR,
        /** No explicit lifetime and heuristics not allowed for the status. */
        NO_FRESHNESS
    }

    private StoragePolicy() {
    }

    /**
     * @param cc the response directives this edge obeys ({@link ResponseDirectives})
     * @param request the request's directives ({@link RequestDirectives})
     * @param header response header by lower-case name, null when absent
     * @param hasLifetime {@link FreshnessPolicy#lifetime} found a lifetime
     * @param authorized the request carried {@code Authorization}
     */
    public static Decision decide(int status, CacheControl cc, CacheControl request, Function<String, String> header,
            boolean hasLifetime, boolean authorized) {
        return decide(status, cc, request, header, hasLifetime, authorized, SetCookieRules.Mode.SHARED_ONLY);
    }

    /** {@link #decide} with the path's {@link SetCookieRules} mode for a response with {@code Set-Cookie}. */
    public static Decision decide(int status, CacheControl cc, CacheControl request, Function<String, String> header,
            boolean hasLifetime, boolean authorized, SetCookieRules.Mode cookies) {
        if (ORIGIN_ERRORS.contains(status) && !FreshnessPolicy.explicit(cc, header)) {
            return Decision.ORIGIN_ERROR;
        }
        if (status < 200 || status == 206 || status == 304) {
            return Decision.STATUS;
        }
        if (request.noStore()) {
            return Decision.REQUEST_NO_STORE;
        }
        if (cc.mustUnderstand()) {
            if (!FreshnessPolicy.UNDERSTOOD.contains(status)) {
                return Decision.STATUS;
            }
            // understood: must-understand overrides no-store (RFC 9111 §5.2.2.3)
        } else if (cc.noStore()) {
            return Decision.NO_STORE;
        }
        if (cc.privateUnqualified()) {
            return Decision.PRIVATE;
        }
        if (authorized && !cc.allowsAuthorized()) {
            return Decision.AUTHORIZATION;
        }
        boolean cookie = header.apply("set-cookie") != null || header.apply("set-cookie2") != null;
        if (cookie && (cookies == SetCookieRules.Mode.NEVER
                || (cookies == SetCookieRules.Mode.SHARED_ONLY && !cc.isPublic() && cc.sMaxAge().isEmpty()))) {
            return Decision.SET_COOKIE;
        }
        List<String> vary = VaryKey.names(header.apply("vary"));
        if (vary.contains("*")) {
            return Decision.VARY_STAR;
        }
        return hasLifetime ? Decision.STORE : Decision.NO_FRESHNESS;
    }
}
