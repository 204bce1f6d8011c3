package dev.edgesync.origin.rest;

import dev.edgesync.origin.config.OriginConfig;
import dev.edgesync.origin.purge.PurgeService;
import dev.edgesync.origin.service.ContentPage;
import dev.edgesync.origin.service.ContentRequest;
import dev.edgesync.origin.service.ContentRules;
import dev.edgesync.origin.service.ContentService;
import dev.edgesync.origin.service.ContentView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The content API; responses carry the headers edges cache by. An id is matched only in its canonical form (no
 * sign, no leading zero, at most 18 digits), so {@code /api/content/013} is a 404, never another cache key for 13.
 */
@Path("/api/content")
@Produces(MediaType.APPLICATION_JSON)
public class ContentResource {
    private final ContentService service;
    private final PurgeService purges;
    private final String cacheControl;

    public ContentResource(ContentService service, PurgeService purges, OriginConfig config) {
        this.service = service;
        this.purges = purges;
        this.cacheControl = config.content().cacheControl();
    }

    @GET
    public Response list(@QueryParam("tag") String tag, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        ContentPage result = service.list(ContentRules.tagFilter(tag), ContentRules.page(page), ContentRules.size(size));
        return Response.ok(result)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(CacheHeaders.SURROGATE_KEY, CacheHeaders.LIST_SURROGATE_KEY)
                .build();
    }

    @GET
    @Path("{id: 0|[1-9][0-9]{0,17}}")
    public Response get(@PathParam("id") long id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ContentView content = service.get(id);
        String etag = CacheHeaders.etag(content);
        Response.ResponseBuilder response = CacheHeaders.noneMatchHits(ifNoneMatch, etag)
                ? Response.notModified()
                : Response.ok(content);
        return response
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.LAST_MODIFIED, CacheHeaders.httpDate(content.updatedAt()))
                .header(CacheHeaders.CONTENT_VERSION, content.version())
                .header(CacheHeaders.SURROGATE_KEY, CacheHeaders.surrogateKey(content))
                .build();
    }

    /** Where the latest invalidation of this item has been applied; not cached. */
    @GET
    @Path("{id: 0|[1-9][0-9]{0,17}}/propagation")
    public Response propagation(@PathParam("id") long id) {
        return Response.ok(purges.propagation(id)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @POST
    @WriteTokenRequired
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ContentRequest request, @Context UriInfo uri) {
        ContentView content = service.create(request);
        return written(Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(content.id())).build()),
                content);
    }

    @PUT
    @WriteTokenRequired
    @Path("{id: 0|[1-9][0-9]{0,17}}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") long id, ContentRequest request) {
        return written(Response.ok(), service.update(id, request));
    }

    @DELETE
    @WriteTokenRequired
    @Path("{id: 0|[1-9][0-9]{0,17}}")
    public Response delete(@PathParam("id") long id) {
        service.delete(id);
        return Response.noContent().build();
    }

    private static Response written(Response.ResponseBuilder response, ContentView content) {
        return response.entity(content)
                .header(HttpHeaders.ETAG, CacheHeaders.etag(content))
                .header(CacheHeaders.CONTENT_VERSION, content.version())
                .build();
    }
}
