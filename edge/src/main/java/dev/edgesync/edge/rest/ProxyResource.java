package dev.edgesync.edge.rest;

import dev.edgesync.edge.config.LiveRegionSettings;
import dev.edgesync.edge.read.ClientRequest;
import dev.edgesync.edge.read.Delivery;
import dev.edgesync.edge.read.ReadPath;
import dev.edgesync.edge.read.Reply;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The proxy: GET and HEAD of anything under {@code /api/} go through the read path. Other methods are answered
 * 405 (this edge is a read cache; writes go to the origin directly).
 */
@Path("/api")
public class ProxyResource {
    private final ReadPath readPath;
    private final LiveRegionSettings settings;

    public ProxyResource(ReadPath readPath, LiveRegionSettings settings) {
        this.readPath = readPath;
        this.settings = settings;
    }

    @GET
    @Path("{path: .*}")
    @Operation(summary = "Cached GET through the edge (X-Cache tells HIT, MISS, STALE, REVALIDATED or BYPASS)")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return serve("GET", uri, headers);
    }

    @HEAD
    @Path("{path: .*}")
    public Response head(@Context UriInfo uri, @Context HttpHeaders headers) {
        return serve("HEAD", uri, headers);
    }

    @POST
    @Path("{path: .*}")
    public Response post() {
        return methodNotAllowed("POST");
    }

    @PUT
    @Path("{path: .*}")
    public Response put() {
        return methodNotAllowed("PUT");
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete() {
        return methodNotAllowed("DELETE");
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch() {
        return methodNotAllowed("PATCH");
    }

    private Response serve(String method, UriInfo uri, HttpHeaders headers) {
        URI requestUri = uri.getRequestUri();
        ClientRequest request = ClientRequest.receive(method, requestUri.getRawPath(), requestUri.getRawQuery(),
                headers.getHeaderString(HttpHeaders.ACCEPT), headers.getHeaderString(HttpHeaders.IF_NONE_MATCH));
        Reply reply = readPath.serve(request);
        return Delivery.deliver(request, reply, settings.region(), System.currentTimeMillis());
    }

    private static Response methodNotAllowed(String method) {
        return Problems.response(405, "method-not-allowed", "Method Not Allowed",
                method + " is not served by the edge; send writes to the origin")
                .header("Allow", "GET, HEAD").build();
    }
}
