package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheControl;
import dev.edgesync.edge.cache.TokenState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a lower-tier edge asks its shield for, and whether the shield's answer may be stored. No I/O.
 *
 * <ul>
 * <li>Versions: {@code X-EdgeSync-Min-Version: max(mv:h, mv:s, the client's own min version)} when above 0. The
 * shield treats a stored copy below it as a miss and answers at least that version, or 503 {@code origin-behind}.
 * The lower tier's own rule (never store below {@code mv:h} / {@code mv:s}) stays as the second line.</li>
 * <li>Unversioned invalidations (key / tag / prefix purges): generations are region-sequence values stamped from
 * Redis {@code TIME} in µs, so the newest generation {@code G} among the tokens known before the fetch (the prior
 * entry's tokens, else the key and its prefixes) is the wall time the last invalidation was applied. The request
 * carries the standard {@code Cache-Control: max-age=N}, {@code N = floor((now - G/1000 - skew) / 1000) - 1}
 * (never below 0), so that a compliant shield (RFC 9111 §5.2.1.1) cannot answer a copy older than {@code G}.</li>
 * <li>Second line, once the response's tags are known ({@link #predatesInvalidation}): a response the shield
 * fetched from its origin while serving this request ({@code X-Cache: MISS | REVALIDATED | BYPASS}) was produced
 * after the fill started, hence after every generation up to the fill's start (invalidations applied during the
 * fill are judged by {@link dev.edgesync.edge.cache.EntryValidity#judgeFill}). Any other answer (HIT, STALE, a
 * collapsed waiter's copy, a shield that ignores {@code max-age}) was produced no later than
 * {@code requestTime - (Age + 1) s}; it is stored only when every generation of its tokens is older than that
 * (minus the skew allowance). Otherwise the fill fetches again and finally answers 503 {@code shield-behind}.</li>
 * </ul>
 *
 * @param minVersion the lowest content version accepted, 0 for none
 * @param maxAgeSeconds the request {@code max-age} to send, -1 for none
 */
public record ShieldAsk(long minVersion, long maxAgeSeconds) {
    public static final String MIN_VERSION = "x-edgesync-min-version";
    public static final String TIER = "x-edgesync-tier";
    /** Proof that a request comes from a lower tier: the shared {@code edgesync.tier.secret}. */
    public static final String TIER_AUTH = "x-edgesync-tier-auth";
    /** Every internal field starts with this; clients' are stripped ({@link ClientRequest#receive}). */
    public static final String INTERNAL_PREFIX = "x-edgesync-";
    /** Allowance for clock skew between the region's Redis and the edges' clocks. */
    static final long SKEW_MS = 100;
    private static final Set<String> FETCHED_NOW = Set.of("MISS", "REVALIDATED", "BYPASS");

    /** Nothing known to ask for: no extra header but the tier marker. */
    public static final ShieldAsk NONE = new ShieldAsk(0, -1);
    /** The store is unavailable (nothing known about invalidations): ask for a validated copy. */
    public static final ShieldAsk UNKNOWN = new ShieldAsk(0, 0);

    /**
     * @param state the state of {@code tokens} and of the key's minimum versions, read before the fetch
     * @param requestMinVersion the client's own {@code X-EdgeSync-Min-Version} (a tier below this one)
     */
    public static ShieldAsk of(TokenState state, List<String> tokens, long requestMinVersion, long now) {
        long min = Math.max(requestMinVersion, Math.max(state.minVersionHard(), state.minVersionSoft()));
        long newest = newestGenerationMs(state, tokens);
        long maxAge = newest == 0 ? -1 : Math.max(0, Math.floorDiv(now - newest - SKEW_MS, 1000) - 1);
        return new ShieldAsk(min, maxAge);
    }

    /** Wall time (epoch ms) of the newest invalidation, hard or soft, of any of {@code tokens}; 0 when none. */
    static long newestGenerationMs(TokenState state, List<String> tokens) {
        long newest = 0;
        for (String token : tokens) {
            newest = Math.max(newest, Math.max(state.hard(token), state.soft(token)));
        }
        return newest / 1000;
    }

    /**
     * The shield's answer may be older than an invalidation this region applied to one of {@code tokens}.
     *
     * @param xCache the shield's {@code X-Cache}
     * @param age the shield's {@code Age}
     * @param requestTime when the request was sent (epoch ms)
     */
    public static boolean predatesInvalidation(TokenState state, List<String> tokens, String xCache, String age,
            long requestTime) {
        if (xCache != null && FETCHED_NOW.contains(xCache.trim().toUpperCase(Locale.ROOT))) {
            return false;
        }
        long newest = newestGenerationMs(state, tokens);
        if (newest == 0) {
            return false;
        }
        long producedNoLaterThan = requestTime - (ageSeconds(age) + 1) * 1000;
        return newest + SKEW_MS > producedNoLaterThan;
    }

    private static long ageSeconds(String age) {
        if (age == null || age.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(age.split(",")[0].trim()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE / 2000;
        }
    }

    /**
     * The headers of a fill sent to the shield: the client's, without its own tier fields, plus the tier marker,
     * the min version and the {@code max-age} (the smaller of the client's and this one).
     */
    public Map<String, List<String>> apply(Map<String, List<String>> headers, CacheControl client,
            String clientCacheControl, String clientPragma) {
        headers.put(TIER, List.of("edge"));
        if (minVersion > 0) {
            headers.put(MIN_VERSION, List.of(Long.toString(minVersion)));
        }
        if (maxAgeSeconds >= 0) {
            long maxAge = client.maxAge().isPresent() ? Math.min(client.maxAge().getAsLong(), maxAgeSeconds)
                    : maxAgeSeconds;
            List<String> directives = new ArrayList<>();
            String base = clientCacheControl;
            if ((base == null || base.isBlank()) && clientPragma != null
                    && clientPragma.toLowerCase(Locale.ROOT).contains("no-cache")) {
                base = "no-cache";
            }
            if (base != null) {
                for (String d : base.split(",")) {
                    String t = d.trim();
                    if (!t.isEmpty() && !t.toLowerCase(Locale.ROOT).startsWith("max-age")) {
                        directives.add(t);
                    }
                }
            }
            directives.add("max-age=" + maxAge);
            headers.put("cache-control", List.of(String.join(", ", directives)));
        }
        return headers;
    }
}
