package dev.edgesync.events;

/** An event that cannot be applied; the message is the reason recorded with the dead letter. */
public class InvalidEventException extends Exception {
    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
