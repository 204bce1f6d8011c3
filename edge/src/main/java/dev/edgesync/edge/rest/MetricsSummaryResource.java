package dev.edgesync.edge.rest;

import dev.edgesync.edge.metrics.EdgeMetrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The human summary of this edge process since start or the last reset. */
@Path("/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsSummaryResource {
    private final EdgeMetrics metrics;
    private final AdminAuth auth;

    public MetricsSummaryResource(EdgeMetrics metrics, AdminAuth auth) {
        this.metrics = metrics;
        this.auth = auth;
    }

    @GET
    @Path("summary")
    @Operation(summary = "Requests by outcome, hit ratio, latency percentiles (ms), fetches, invalidations")
    public EdgeMetrics.Summary summary() {
        return metrics.summary();
    }

    @POST
    @Path("reset")
    @Operation(summary = "Zero the summary counters (admin bearer token)")
    public EdgeMetrics.Summary reset(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.require(authorization);
        metrics.reset();
        return metrics.summary();
    }
}
