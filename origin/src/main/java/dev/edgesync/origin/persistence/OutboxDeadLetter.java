package dev.edgesync.origin.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An outbox row the broker refused for good, with the reason; its id is the outbox row's id. */
@Entity
@Table(name = "outbox_dead_letter")
public class OutboxDeadLetter extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "partition_key", nullable = false)
    public String partitionKey;

    @Column(nullable = false)
    public String payload;

    @Column(name = "content_id")
    public Long contentId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "failed_at", nullable = false)
    public Instant failedAt;

    @Column(nullable = false)
    public String error;

    /**
     * Moves {@code entry}, which the broker refused with {@code failure}, out of the outbox into this table; call
     * inside a transaction. Returns the line to log.
     */
    public static String move(OutboxEntry entry, Throwable failure, Instant now) {
        String error = failure.getClass().getName() + ": " + failure.getMessage();
        OutboxDeadLetter dead = new OutboxDeadLetter();
        dead.id = entry.id;
        dead.eventId = entry.eventId;
        dead.topic = entry.topic;
        dead.partitionKey = entry.partitionKey;
        dead.payload = entry.payload;
        dead.contentId = entry.contentId;
        dead.createdAt = entry.createdAt;
        dead.failedAt = now;
        dead.error = error;
        dead.persist();
        entry.delete();
        return "outbox row " + entry.id + " (event " + entry.eventId + ", key " + entry.partitionKey
                + ") can never be published and was moved to outbox_dead_letter: " + error;
    }
}
