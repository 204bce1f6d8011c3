package dev.edgesync.origin.outbox;

/**
 * Fired inside the writing transaction; observed after a successful commit to wake the relay lane of {@code topic}.
 */
public record OutboxWritten(long outboxId, String topic) {
}
