package dev.edgesync.origin.outbox;

/**
 * What {@code GET /api/outbox/status} reports: rows not yet acknowledged by the broker, and rows moved to the
 * dead-letter table (with the newest one's failure, if any).
 */
public record OutboxStatus(long pending, long deadLetters, String lastDeadLetterEventId, String lastDeadLetterError,
        Long lastDeadLetterAt) {
}
