package dev.edgesync.edge.config;

import dev.edgesync.events.Strategy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Fixed: the configuration of one edge process (prefix {@code edgesync}), read once at start; see {@link TunableSettings} for what may change. */
@ConfigMapping(prefix = "edgesync")
public interface EdgeConfig {

    Region region();

    Origin origin();

    Cache cache();

    Store store();

    Admin admin();

    Shield shield();

    Tier tier();

    Limits limits();

    interface Region {
        /** Region name, shown in {@code X-Edge-Region} and meters. Default {@code us-east}. */
        @WithDefault("us-east")
        String name();

        /** Simulated propagation delay: an event is applied at issuedAt + delay. Default 100 ms. */
        @WithDefault("100")
        long delayMs();

        /** eager (events remove entries) or lazy (events mark them stale). Default eager. */
        @WithDefault("eager")
        Strategy strategy();

        /** Optional properties file re-read while running (strategy, delay-ms, cache.max-ttl). */
        Optional<Path> configFile();
    }

    interface Origin {
        /** Base URL of the origin. Default http://127.0.0.1:4000. */
        @WithDefault("http://127.0.0.1:4000")
        String url();

        /** Connect timeout to the origin. Default 1s. */
        @WithDefault("1s")
        Duration connectTimeout();

        /** Whole-request timeout to the origin; beyond it the edge answers 504 (or STALE). Default 2s. */
        @WithDefault("2s")
        Duration timeout();

        /** Attempts of a fill whose response raced an invalidation or is older than the applied version. Default 3. */
        @WithDefault("3")
        int fillAttempts();
    }

    interface Cache {
        /** Upper bound of any TTL taken from Cache-Control. Default 1h. */
        @WithDefault("1h")
        Duration maxTtl();

        /** How long an entry stays in Redis after its stale window, for conditional revalidation. Default 5m. */
        @WithDefault("5m")
        Duration retainAfterStale();

        /**
         * How long past its freshness a copy may still answer when the origin cannot be reached at all
         * (refused connection, timeout), even without {@code stale-if-error}: RFC 9111 4.2.4 lets a
         * disconnected cache serve stale. Never for {@code must-revalidate} or {@code no-cache}. Default 1h.
         */
        @WithDefault("1h")
        Duration staleIfUnreachable();

        /** Lifetime of the per-key background revalidation lock. Default 5s. */
        @WithDefault("5s")
        Duration revalidationLock();

        /**
         * Lease of the region-wide fill lock of a miss (all replicas of the region collapse on it): the filler
         * renews it before each fill attempt; when a filler crashes the key is free again after this. Keep it
         * above the origin timeout. Default 3s.
         */
        @WithDefault("3s")
        Duration fillLease();

        /**
         * How long a request waiting for another replica's fill waits for its notice before it looks for the stored
         * entry anyway (the fallback when no notice comes). Default 250ms.
         */
        @WithDefault("250ms")
        Duration fillPoll();

        /** Longest wait for other replicas' fills before fetching without collapsing. Default 15s. */
        @WithDefault("15s")
        Duration fillMaxWait();

        /** Send {@code Surrogate-Key} to clients (it is always read for tags). Default false: stripped. */
        @WithDefault("false")
        boolean exposeSurrogateKey();

        /**
         * Which query a cache key keeps, by path prefix (longest wins): {@code keep-sorted} (the rule of any other
         * path), {@code allow:<name>,<name>...} or {@code ignore}, e.g.
         * {@code edgesync.cache.query-rules."/api/content/"=ignore}. The origin is asked for the same target.
         */
        Map<String, String> queryRules();

        /**
         * What a response with {@code Set-Cookie} does, by path prefix (longest wins): {@code store} (the default,
         * RFC 9111), {@code shared-only} or {@code never} ({@link dev.edgesync.edge.cache.SetCookieRules}), e.g.
         * {@code edgesync.cache.set-cookie."/api/"=shared-only}.
         */
        Map<String, String> setCookie();
    }

    interface Tier {
        /**
         * Shared secret of the tiers (env {@code EDGESYNC_TIER_SECRET}): a shield honours {@code X-EdgeSync-*}
         * request fields only from a request carrying {@code X-EdgeSync-Tier-Auth: <secret>}, and a lower tier
         * sends it to its shield. Unset: no client is a lower tier and the fields are stripped from everyone.
         */
        Optional<String> secret();
    }

    interface Limits {
        /** Longest request target (path and query, as received) in bytes; longer ones get 414. Default 2048. */
        @WithDefault("2048")
        int maxTargetBytes();
    }

    interface Shield {
        /**
         * Base URL of this region's shield (another edge whose origin is the real origin). When set, fills and
         * revalidations go to the shield instead of {@code edgesync.origin.url}, asking for the minimum version and
         * the maximum age this region's applied invalidations require; unsafe methods still go to the origin.
         */
        Optional<String> url();
    }

    interface Store {
        /** Longest wait for one Redis round trip before the edge falls back to the origin (BYPASS). Default 250ms. */
        @WithDefault("250ms")
        Duration timeout();
    }

    interface Admin {
        /**
         * The bearer credential of the admin endpoints (/admin/region, /metrics/reset), property
         * {@code edgesync.admin.token} (env {@code EDGESYNC_ADMIN_TOKEN}). Required.
         */
        @WithName("token")
        String credential();
    }
}
