package dev.edgesync.edge.rest;

import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.read.ClientRequest;
import dev.edgesync.edge.read.ReceiveRules;
import dev.edgesync.edge.read.Delivery;
import dev.edgesync.edge.read.EarlyHintsRelay;
import dev.edgesync.edge.read.ForwardPath;
import dev.edgesync.edge.read.PartialStore;
import dev.edgesync.edge.read.ReadPath;
import dev.edgesync.edge.read.Reply;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.InstantSource;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The proxy: every origin path. GET and HEAD are served on the Vert.x router before JAX-RS (hits by
 * {@code hit/HitRoute}, the rest by {@code read/ReadRoute}); they reach this resource only when the receive stage
 * refuses them (a problem answer) or, should a route pass one on, through the same read path. Other methods are
 * forwarded to the origin ({@link ForwardPath}). The edge's own {@code /q/*}, {@code /metrics/*} and
 * {@code /admin/*} are not proxied.
 */
@Path("/")
public class ProxyResource {
    private static final Set<String> RESERVED = Set.of("q", "metrics", "admin");

    private final ReadPath readPath;
    private final ForwardPath forwardPath;
    private final SettingsInForce settings;
    private final boolean exposeSurrogateKey;
    private final ReceiveRules rules;

    private final EarlyHintsRelay hints;
    private final PartialStore partials;

    private final InstantSource clock;

    public ProxyResource(ReadPath readPath, ForwardPath forwardPath, SettingsInForce settings, EdgeConfig config,
            ReceiveRules rules, EarlyHintsRelay hints, PartialStore partials, InstantSource clock) {
        this.clock = clock;
        this.hints = hints;
        this.partials = partials;
        this.rules = rules;
        this.readPath = readPath;
        this.forwardPath = forwardPath;
        this.settings = settings;
        this.exposeSurrogateKey = config.cache().exposeSurrogateKey();
    }

    @GET
    @Path("{path: .*}")
    @Operation(summary = "Cached GET through the edge (X-Cache tells HIT, MISS, STALE, REVALIDATED or BYPASS)")
    public Uni<Response> get(@Context UriInfo uri, @Context HttpHeaders headers,
            @Context io.vertx.core.http.HttpServerRequest connection) {
        return read("GET", uri, headers, connection);
    }

    @HEAD
    @Path("{path: .*}")
    public Uni<Response> head(@Context UriInfo uri, @Context HttpHeaders headers,
            @Context io.vertx.core.http.HttpServerRequest connection) {
        return read("HEAD", uri, headers, connection);
    }

    @POST
    @Path("{path: .*}")
    @Operation(summary = "Forwarded to the origin; a 2xx/3xx answer invalidates the target (and Location) here")
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return serve("POST", uri, headers, body);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return serve("PUT", uri, headers, body);
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return serve("DELETE", uri, headers, body);
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return serve("PATCH", uri, headers, body);
    }

    @OPTIONS
    @Path("{path: .*}")
    public Response options(@Context UriInfo uri, @Context HttpHeaders headers) {
        return serve("OPTIONS", uri, headers, null);
    }

    /**
     * GET and HEAD start on the event loop: the read path takes a worker thread only when it must wait for Redis or
     * the origin itself ({@link ReadPath#serveAsync}).
     */
    private Uni<Response> read(String method, UriInfo uri, HttpHeaders headers,
            io.vertx.core.http.HttpServerRequest connection) {
        Object received = receive(method, uri, headers, null);
        if (received instanceof Response refused) {
            return Uni.createFrom().item(refused);
        }
        ClientRequest request = (ClientRequest) received;
        if (!request.cacheable()) { // the forward path relays the origin's 103 to this client itself
            return Uni.createFrom().item(() -> forwardPath.forward(request, connection))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(r -> Delivery.deliver(request, r, settings.region(), clock.millis(),
                            exposeSurrogateKey));
        }
        hints.open(request, connection.response(), connection.version()); // a fill's 103 goes to this client first
        return partials.serveOr(request, readPath::serveAsync)
                .map(r -> Delivery.deliver(request, r, settings.region(), clock.millis(),
                        exposeSurrogateKey))
                .onTermination().invoke(() -> hints.close(request));
    }

    private Response serve(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        Object received = receive(method, uri, headers, body);
        if (received instanceof Response refused) {
            return refused;
        }
        ClientRequest request = (ClientRequest) received;
        Reply reply = request.cacheable() ? readPath.serve(request) : forwardPath.forward(request);
        return Delivery.deliver(request, reply, settings.region(), clock.millis(), exposeSurrogateKey);
    }

    /** The request as the edge sees it ({@link ClientRequest}), or the problem response refusing it. */
    private Object receive(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        URI requestUri = uri.getRequestUri();
        String rawPath = requestUri.getRawPath() == null || requestUri.getRawPath().isEmpty() ? "/"
                : requestUri.getRawPath();
        String first = rawPath.length() > 1 ? rawPath.substring(1).split("/", 2)[0] : "";
        if (RESERVED.contains(first)) {
            return Problems.response(404, "not-found", rawPath + " is not an endpoint of the edge")
                    .build();
        }
        try {
            return ClientRequest.receive(method, rawPath, requestUri.getRawQuery(), headers.getRequestHeaders(),
                    body, rules);
        } catch (ClientRequest.TargetTooLongException e) {
            return Problems.response(414, "uri-too-long", e.getMessage()).build();
        } catch (CacheKey.InvalidTargetException e) {
            return Problems.response(400, "invalid-target", e.getMessage()).build();
        }
    }
}
