package dev.edgesync.edge.cache;

/**
 * Redis did not answer within {@code edgesync.store.timeout} while this replica's connection to it is alive: slow (a
 * loaded machine, a paused server) rather than down, and the command may still have run. Callers that can safely ask again do so for a while before
 * they treat Redis as unavailable.
 */
public class StoreTimeoutException extends StoreUnavailableException {
    public StoreTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
