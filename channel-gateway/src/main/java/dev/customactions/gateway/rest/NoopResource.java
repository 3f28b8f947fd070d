package dev.customactions.gateway.rest;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.gateway.ChannelEventService.Acknowledged;
import dev.customactions.gateway.GatewayConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The benchmark's ceiling: an endpoint that authenticates and reads the body like the events API
 * and then does nothing. Off (404) unless {@code customactions.gateway.benchmark-endpoint} is true.
 */
@Path("/benchmark/noop")
@Tag(name = "Benchmark")
@RolesAllowed(Scopes.CHANNEL_EVENTS)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class NoopResource {

    private static final Acknowledged ANSWER = new Acknowledged("conv", "conversation", "contact", "contact");

    private final GatewayConfig config;

    NoopResource(GatewayConfig config) {
        this.config = config;
    }

    @POST
    @Operation(summary = "Do nothing (benchmark ceiling)", hidden = true)
    public Acknowledged noop(byte[] body) {
        if (!config.benchmarkEndpoint()) {
            throw ApiException.notFound("Resource");
        }
        return ANSWER;
    }
}
