package dev.customactions.objects.model.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.rest.ListResponse;
import dev.customactions.objects.model.DataAttribute;
import dev.customactions.objects.model.DataAttributes;
import dev.customactions.objects.model.LiveMappings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Custom data attributes of contacts and conversations, in Intercom's Data Attributes shape. The
 * definitions service reads {@code GET /data_attributes?model=} when an action is saved: the shape
 * of {@link DataAttributeView} is a contract.
 */
@Path("/data_attributes")
@Tag(name = "Data attributes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DataAttributeResource {

    /**
     * A custom data attribute; times in Unix seconds. Who sets it besides admins: end users when
     * {@code messenger_writable}, actions when {@code action_writable}; neither = protected.
     * {@code written_by}: the live actions whose mappings write it (it can't be archived while there are any).
     */
    public record DataAttributeView(
            String type,
            long id,
            String model,
            String name,
            String fullName,
            String label,
            String description,
            String dataType,
            List<String> options,
            boolean custom,
            boolean archived,
            boolean messengerWritable,
            boolean actionWritable,
            boolean apiWritable,
            long createdAt,
            long updatedAt,
            List<LiveMappings.Writer> writtenBy) {

        static DataAttributeView of(DataAttribute attribute, List<LiveMappings.Writer> writtenBy) {
            return new DataAttributeView(
                    "data_attribute",
                    attribute.id,
                    attribute.model,
                    attribute.name,
                    "custom_attributes." + attribute.name,
                    attribute.name,
                    attribute.description,
                    attribute.dataType,
                    attribute.options,
                    true,
                    attribute.archived,
                    attribute.messengerWritable,
                    attribute.actionWritable,
                    true,
                    attribute.createdAt.getEpochSecond(),
                    attribute.updatedAt.getEpochSecond(),
                    writtenBy);
        }
    }

    private final DataAttributes attributes;
    private final CurrentWorkspace workspace;
    private final LiveMappings liveMappings;

    DataAttributeResource(DataAttributes attributes, CurrentWorkspace workspace, LiveMappings liveMappings) {
        this.attributes = attributes;
        this.workspace = workspace;
        this.liveMappings = liveMappings;
    }

    private DataAttributeView view(DataAttribute attribute) {
        return DataAttributeView.of(
                attribute, liveMappings.ofDataAttribute(workspace.id(), attribute.model, attribute.name, false));
    }

    @GET
    @RolesAllowed(Scopes.OBJECTS_READ)
    @Operation(
            summary = "List the custom attributes of contacts or conversations",
            description =
                    "model: contact or conversation (required). Archived attributes only with include_archived=true.")
    public ListResponse<DataAttributeView> list(
            @QueryParam("model") String model, @QueryParam("include_archived") boolean includeArchived) {
        return ListResponse.of(attributes.list(workspace.id(), model, includeArchived).stream()
                .map(this::view)
                .toList());
    }

    @POST
    @RolesAllowed(Scopes.OBJECTS_WRITE)
    @Operation(
            summary = "Create a custom attribute",
            description = "{name, model: contact|conversation, data_type: "
                    + "string|integer|float|boolean|datetime|date, description, options (string attributes), messenger_writable (end users may set it), action_writable (actions may: "
                    + "as messenger_writable when left out; true and messenger_writable false = set by actions only)}")
    public Response create(@NotNull DataAttributes.NewDataAttribute request) {
        return Response.status(Response.Status.CREATED)
                .entity(view(attributes.create(workspace.id(), request)))
                .build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Scopes.OBJECTS_WRITE)
    @Operation(
            summary = "Change a custom attribute's description or archive it",
            description = "Only description and archived change; any other field is refused. An attribute a live "
                    + "action writes is not archived: 409, one error per action (field actions[i]).")
    public DataAttributeView update(@PathParam("id") long id, @NotNull ObjectNode body) {
        return view(attributes.update(workspace.id(), id, body));
    }
}
