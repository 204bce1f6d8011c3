package dev.edgesync.origin.outbox;

/** Fired inside the writing transaction; observed after a successful commit to wake the relay. */
public record OutboxWritten(long outboxId) {
}
