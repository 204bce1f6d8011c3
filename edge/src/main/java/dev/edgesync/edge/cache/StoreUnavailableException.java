package dev.edgesync.edge.cache;

/** The region's Redis did not answer in time or at all; the read path falls back to the origin (BYPASS). */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
