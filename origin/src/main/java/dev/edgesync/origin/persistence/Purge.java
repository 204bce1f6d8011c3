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

/** A purge request; its id is also the id of the event that carries it. */
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

    @Column(nullable = false)
    public String mode;

    @Column(nullable = false)
    public String priority;
}
