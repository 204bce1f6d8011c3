package dev.edgesync.origin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The origin's own settings, all under {@code edgesync.}. */
@ConfigMapping(prefix = "edgesync")
public interface OriginConfig {

    /** Regions whose acknowledgements a purge waits for ({@code edgesync.regions}). */
    @WithDefault("us-east,eu-west,ap-south")
    List<String> regions();

    Content content();

    Outbox outbox();

    Purge purge();

    Write write();

    Limits limits();

    /** Per-token rate limits; a request over them gets 429 with {@code Retry-After}. */
    interface Limits {
        /** Purges ({@code POST /api/purge}) per second per token, default 50. */
        @WithDefault("50")
        long purgesPerSecond();

        /** Purges a token may send at once before the rate applies, default 200. */
        @WithDefault("200")
        long purgeBurst();

        /** Content writes per second per token, default 200. */
        @WithDefault("200")
        long writesPerSecond();

        /** Content writes a token may send at once before the rate applies, default 400. */
        @WithDefault("400")
        long writeBurst();
    }

    interface Content {
        /** {@code Cache-Control} of content responses, default {@code public, s-maxage=3600, stale-while-revalidate=60}. */
        @WithDefault("public, s-maxage=3600, stale-while-revalidate=60")
        String cacheControl();
    }

    interface Outbox {
        /** How often the relay sweeps for unsent rows besides being woken by commits, default 1s. */
        @WithDefault("1s")
        Duration sweepInterval();

        /** Most rows one relay pass publishes, default 200. */
        @WithDefault("200")
        int batchSize();

        /** How long the relay waits for the broker (metadata and acks) before it leaves rows for the next pass, default 10s. */
        @WithDefault("10s")
        Duration sendTimeout();

        /**
         * The relay producer's {@code max.request.size} in bytes, default 1048576 (Kafka's own default, and under
         * the broker's default {@code message.max.bytes}). A row larger than this can never be published: it is
         * moved to the dead-letter table.
         */
        @WithDefault("1048576")
        int maxRequestSize();

        /**
         * Largest event, in bytes of its JSON, that a purge or content write may produce; default 262144 (256 KiB),
         * well under {@link #maxRequestSize()} so that the record's key, headers and batch overhead always fit.
         * A larger event is refused with 413 when it is submitted.
         */
        @WithDefault("262144")
        int maxEventSize();

        /** How often the relay puts a heartbeat on every partition of the invalidation topic, default 50ms. */
        @WithDefault("50ms")
        Duration heartbeatInterval();
    }

    interface Purge {
        /** The bearer token the purge API requires ({@code EDGESYNC_PURGE_TOKEN}); no default. */
        String token();

        /** How long after issue a region may take to acknowledge a purge before it counts as failed, default 30s. */
        @WithDefault("30s")
        Duration deadline();

        /**
         * A purge joins a purge event of the same mode and priority still waiting in the outbox when that event was
         * written at most this long before, default 5ms; 0 turns batching off.
         */
        @WithDefault("5ms")
        Duration batchWindow();

        /**
         * The hostnames the edges serve ({@code EDGESYNC_PURGE_HOSTS}, comma-separated). The edges' cache keys leave
         * the host out (one deployment fronts one site), so a purge naming one of these hosts purges everything; a
         * purge naming any other host is refused. Default none: every purge by host is refused.
         */
        Optional<List<String>> hosts();
    }

    interface Write {
        /** The bearer token content writes (POST, PUT, DELETE /api/content) require ({@code EDGESYNC_WRITE_TOKEN}); no default. */
        String token();
    }
}
