package dev.edgesync.origin.console;

import dev.edgesync.events.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpResponse;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The live console's API; the page itself is the static {@code /console/index.html}. Reading needs no token (the
 * same figures as the edges' public summaries); a region change carries the caller's admin token to the edge.
 */
@Path("/console/api")
public class ConsoleResource {
    private static final Logger LOG = Logger.getLogger(ConsoleResource.class);
    private static final int MAX_BODY = 1024;

    private final ConsoleFeed feed;
    private final EdgeClient client = new EdgeClient();
    private final LabRuns runs;
    private final int runsShown;

    public ConsoleResource(ConsoleFeed feed, ConsoleConfig config) {
        this.feed = feed;
        this.runs = new LabRuns(java.nio.file.Path.of(config.runsDir()));
        this.runsShown = config.runsShown();
    }

    /** The lab's last runs ({@code demo}, {@code load}, {@code compare}, {@code chaos}), newest first. */
    @GET
    @Path("runs")
    @Produces(MediaType.APPLICATION_JSON)
    public Response labRuns() {
        return Response.ok(new RunList(runs.dir().toAbsolutePath().toString(), runs.latest(runsShown)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** The JSON of {@code GET /console/api/runs}: where the runs are read from, and the newest ones. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record RunList(String dir, java.util.List<LabRuns.Run> runs) {
    }

    /**
     * One run's page (its tables and pictures), shown in a sandboxed frame: the page is the lab's, written from the
     * run's figures, and runs no script.
     */
    @GET
    @Path("runs/{name}")
    @Produces(MediaType.TEXT_HTML)
    public Response labRun(@PathParam("name") String name) {
        java.nio.file.Path page = runs.page(name)
                .orElseThrow(() -> ProblemException.notFound("a lab run page listed by /console/api/runs"));
        return Response.ok(page.toFile(), "text/html; charset=utf-8")
                .header("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** Server-Sent Events: a {@code snapshot}, then {@code change} and {@code regions} messages (JSON). */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<String> stream() {
        return feed.stream();
    }

    /** The same snapshot as the stream's first message. */
    @GET
    @Path("state")
    @Produces(MediaType.APPLICATION_JSON)
    public Response state() {
        return Response.ok(feed.state()).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** Forwards {@code {"strategy":..,"delayMs":..}} to the region's edge {@code PUT /admin/region}, token and all. */
    @PUT
    @Path("regions/{region}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changeRegion(@PathParam("region") String region,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        URI edge = region.length() > 63 ? null : feed.edges().url(region);
        if (edge == null) {
            throw ProblemException.notFound("a region with an edge URL named in edgesync.console.edges");
        }
        if (body == null || body.length() > MAX_BODY) {
            throw ProblemException.invalid("a JSON body of at most " + MAX_BODY + " characters is required");
        }
        try {
            HttpResponse<String> answer = client.putRegion(edge, authorization, body);
            String edgeAnswer = answer.body(); // the edge's JSON, passed through as text
            return Response.status(answer.statusCode())
                    .type(answer.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON))
                    .entity(edgeAnswer)
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(region, e);
        } catch (Exception e) {
            throw unreachable(region, e);
        }
    }

    private static ProblemException unreachable(String region, Exception e) {
        LOG.warnf("console: region %s's edge did not answer the settings change: %s", region, e.toString());
        return new ProblemException(502, "edge-unreachable",
                "the edge of region " + region + " did not answer");
    }
}
