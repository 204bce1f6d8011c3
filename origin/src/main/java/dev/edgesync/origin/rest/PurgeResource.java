package dev.edgesync.origin.rest;

import dev.edgesync.origin.purge.PurgeRequest;
import dev.edgesync.origin.purge.PurgeService;
import dev.edgesync.origin.purge.PurgeStatus;
import dev.edgesync.origin.purge.PurgeSince;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Explicit purges by key, tag or prefix, and their progress per region; bearer token required. */
@Path("/api/purge")
@Produces(MediaType.APPLICATION_JSON)
@PurgeTokenRequired
public class PurgeResource {
    private final PurgeService service;

    public PurgeResource(PurgeService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(PurgeRequest request, @Context UriInfo uri) {
        PurgeStatus status = service.submit(request);
        return Response.accepted(status)
                .location(uri.getAbsolutePathBuilder().path(status.id()).build())
                .build();
    }

    /** Recent purges, newest first: {@code since} is epoch ms or an ISO-8601 instant, default the last hour. */
    @GET
    public List<PurgeStatus> since(@QueryParam("since") String since, @QueryParam("limit") @DefaultValue("100") int limit) {
        return service.since(PurgeSince.parse(since, System.currentTimeMillis()), Math.max(1, Math.min(limit, 1000)));
    }

    @GET
    @Path("{id}")
    public PurgeStatus status(@PathParam("id") String id) {
        return service.status(id);
    }
}
