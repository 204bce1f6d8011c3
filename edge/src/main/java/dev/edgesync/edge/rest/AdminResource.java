package dev.edgesync.edge.rest;

import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.config.TunableSettings;
import dev.edgesync.events.Strategy;
import dev.edgesync.events.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Strategy and delay in force, changeable without restart. */
@Path("/admin/region")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final SettingsInForce settings;
    private final AdminAuth auth;
    @jakarta.inject.Inject
    dev.edgesync.edge.config.SettingsBroadcast broadcast;

    public AdminResource(SettingsInForce settings, AdminAuth auth) {
        this.settings = settings;
        this.auth = auth;
    }

    /** Body of {@code PUT /admin/region}; absent fields keep their value. */
    public record RegionUpdate(String strategy, Long delayMs) {
    }

    /** The settings in force. */
    public record RegionView(String region, String strategy, long delayMs, String maxTtl) {
        static RegionView of(String region, TunableSettings s) {
            return new RegionView(region, s.strategy().wire(), s.delayMs(), s.maxTtl().toString());
        }
    }

    @GET
    public RegionView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.require(authorization);
        return RegionView.of(settings.region(), settings.get());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change strategy (eager|lazy) and/or delayMs in force (admin bearer token)")
    public RegionView put(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RegionUpdate update) {
        auth.require(authorization);
        if (update == null) {
            throw new ProblemException(400, "invalid-region-settings", "a JSON body is required");
        }
        Strategy strategy;
        try {
            strategy = update.strategy() == null ? null : Strategy.fromWire(update.strategy());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-region-settings", e.getMessage());
        }
        if (update.delayMs() != null && (update.delayMs() < 0 || update.delayMs() > TunableSettings.MAX_DELAY_MS)) {
            throw new ProblemException(400, "invalid-region-settings",
                    "delayMs must be between 0 and " + TunableSettings.MAX_DELAY_MS);
        }
        RegionView view = RegionView.of(settings.region(), settings.update(strategy, update.delayMs()));
        broadcast.announce(strategy, update.delayMs()); // every replica of the region, not only this one
        return view;
    }
}
