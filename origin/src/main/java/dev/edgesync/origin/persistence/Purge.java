package dev.edgesync.origin.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A purge request; {@code eventId} is the event that carries it (its own id unless batched with others). */
@Entity
@Table(name = "purge")
public class Purge extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The event's issuedAt (epoch ms), the start of each region's propagation latency. */
    @Column(name = "issued_at", nullable = false)
    public long issuedAt;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "cache_keys", nullable = false, columnDefinition = "text[]")
    public List<String> keys;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> tags;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> prefixes;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> patterns = List.of();

    /** The hostnames it named (each one a host the edges serve, so the purge covers everything). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> hosts = List.of();

    /** The event that carries it: its own id, or the batch event it was merged into. */
    @Column(name = "event_id", nullable = false)
    public String eventId;

    /** SHA-256 of its canonical targets, mode and priority: how an identical pending purge is recognised. */
    public String fingerprint;

    @Column(nullable = false)
    public String mode;

    @Column(nullable = false)
    public String priority;
}
