package dev.customactions.definitions.action.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The objects service's data model, read with the caller's own token (propagated). */
@RegisterRestClient(configKey = "objects")
@RegisterClientHeaders
@Produces(MediaType.APPLICATION_JSON)
interface DataModelApi {

    @GET
    @Path("/data_attributes")
    JsonNode attributes(@QueryParam("model") String model);

    @GET
    @Path("/custom_object_types/{identifier}")
    JsonNode objectType(@PathParam("identifier") String identifier);
}
