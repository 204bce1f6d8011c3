package dev.edgesync.origin.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A region's acknowledgement of one event (purge or content change), stored in {@code event_ack};
 * the first acknowledgement per (event, region) is kept.
 */
@Entity
@Table(name = "event_ack")
@IdClass(EventAck.Key.class)
public class EventAck extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Id
    public String region;

    @Column(name = "applied_at", nullable = false)
    public long appliedAt;

    public String instance;

    public static List<EventAck> forEvent(String eventId) {
        return list("eventId", eventId);
    }

    /** Stores the acknowledgement unless the region already acknowledged the event; returns whether it was new. */
    public static boolean record(String eventId, String region, long appliedAt, String instance) {
        return getEntityManager().createNativeQuery("""
                insert into event_ack (event_id, region, applied_at, instance)
                values (?1, ?2, ?3, ?4)
                on conflict (event_id, region) do nothing""")
                .setParameter(1, eventId)
                .setParameter(2, region)
                .setParameter(3, appliedAt)
                .setParameter(4, instance)
                .executeUpdate() == 1;
    }

    public static class Key implements Serializable {
        public String eventId;
        public String region;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(eventId, other.eventId) && Objects.equals(region, other.region);
        }

        @Override
        public int hashCode() {
            return Objects.hash(eventId, region);
        }
    }
}
