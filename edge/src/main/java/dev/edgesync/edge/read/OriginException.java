package dev.edgesync.edge.read;

/** The origin could not be reached or did not answer in time. */
public class OriginException extends Exception {
    private final boolean timeout;

    public OriginException(String message, boolean timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    public boolean timeout() {
        return timeout;
    }
}
