package dev.edgesync.origin.warmup;

import dev.edgesync.origin.rest.PurgeTokenRequired;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code POST /api/warmup} (purge token): read the given paths, or the items of the given tags, through every region. */
@Path("/api/warmup")
@PurgeTokenRequired
public class WarmupResource {
    private final WarmupService warmup;

    public WarmupResource(WarmupService warmup) {
        this.warmup = warmup;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Warm every region: read {\"paths\":[...]} and the items of {\"tags\":[...]} through each region's edge")
    public WarmupService.WarmupResult warm(WarmupService.WarmupRequest request) {
        return warmup.warm(request == null ? new WarmupService.WarmupRequest(null, null) : request);
    }
}
