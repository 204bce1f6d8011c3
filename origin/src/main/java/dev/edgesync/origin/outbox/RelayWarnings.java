package dev.edgesync.origin.outbox;

import org.jboss.logging.Logger;

/** The relay's warnings, at most one every 10 s for both lanes together: an unreachable broker fails every pass. */
final class RelayWarnings {
    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final long INTERVAL_MS = 10_000;

    private long lastLogged;

    void warn(String message, Throwable cause) {
        long now = System.currentTimeMillis();
        if (now - lastLogged >= INTERVAL_MS) {
            lastLogged = now;
            LOG.warnf("%s: %s", message, cause == null ? "unknown cause" : String.valueOf(cause.getMessage()));
        }
    }
}
