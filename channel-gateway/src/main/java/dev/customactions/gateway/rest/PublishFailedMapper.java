package dev.customactions.gateway.rest;

import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.error.ErrorList;
import dev.customactions.gateway.messaging.PublishFailedException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Kafka did not take the event: 503 with {@code Retry-After}, so the client retries it. */
public class PublishFailedMapper {

    @ServerExceptionMapper
    public Response publishFailed(PublishFailedException e) {
        Log.warn(e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorList.of(
                        ErrorCodes.SERVICE_UNAVAILABLE,
                        "The event could not be stored right now; retry it with the same event_id",
                        null))
                .build();
    }
}
