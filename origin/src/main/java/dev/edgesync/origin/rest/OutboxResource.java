package dev.edgesync.origin.rest;

import dev.edgesync.origin.outbox.OutboxStatus;
import dev.edgesync.origin.persistence.OutboxDeadLetter;
import dev.edgesync.origin.persistence.OutboxEntry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The outbox's backlog and dead letters, for operators ({@code edgesync status}); purge token required. */
@Path("/api/outbox")
@Produces(MediaType.APPLICATION_JSON)
@PurgeTokenRequired
public class OutboxResource {

    @GET
    @Path("status")
    @Transactional
    public OutboxStatus status() {
        OutboxDeadLetter last = OutboxDeadLetter.find("order by failedAt desc, id desc").firstResult();
        return new OutboxStatus(OutboxEntry.pending(), OutboxDeadLetter.count(),
                last == null ? null : last.eventId, last == null ? null : last.error,
                last == null ? null : last.failedAt.toEpochMilli());
    }
}
