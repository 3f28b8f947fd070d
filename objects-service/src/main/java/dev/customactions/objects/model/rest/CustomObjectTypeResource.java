package dev.customactions.objects.model.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.rest.ListResponse;
import dev.customactions.objects.model.LiveMappings;
import dev.customactions.objects.model.ObjectTypes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Custom object types and their attributes. The definitions service reads
 * {@code GET /custom_object_types/{identifier}} when an action is saved: the shape of
 * {@link ObjectTypeView} is a contract.
 */
@Path("/custom_object_types")
@Tag(name = "Custom object types")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CustomObjectTypeResource {

    /** An attribute of a type; {@code written_by}: the live actions whose mappings write it. */
    public record AttributeView(
            String type,
            String name,
            String dataType,
            String description,
            boolean archived,
            List<LiveMappings.Writer> writtenBy) {}

    /**
     * A custom object type; times in Unix seconds. {@code written_by}: the live actions that write its
     * instances (neither it nor an attribute they write can be archived while there are any).
     */
    public record ObjectTypeView(
            String type,
            long id,
            String identifier,
            String name,
            String description,
            boolean archived,
            List<AttributeView> attributes,
            long createdAt,
            long updatedAt,
            List<LiveMappings.Writer> writtenBy) {}

    private final ObjectTypes types;
    private final CurrentWorkspace workspace;
    private final LiveMappings liveMappings;

    CustomObjectTypeResource(ObjectTypes types, CurrentWorkspace workspace, LiveMappings liveMappings) {
        this.types = types;
        this.workspace = workspace;
        this.liveMappings = liveMappings;
    }

    private ObjectTypeView view(ObjectTypes.TypeWithAttributes value) {
        var type = value.type();
        String workspaceId = workspace.id();
        return new ObjectTypeView(
                "custom_object_type",
                type.id,
                type.identifier,
                type.name,
                type.description,
                type.archived,
                value.attributes().stream()
                        .map(attribute -> new AttributeView(
                                "custom_object_attribute",
                                attribute.name,
                                attribute.dataType,
                                attribute.description,
                                attribute.archived,
                                liveMappings.ofObjectAttribute(workspaceId, type.identifier, attribute.name, false)))
                        .toList(),
                type.createdAt.getEpochSecond(),
                type.updatedAt.getEpochSecond(),
                liveMappings.ofObjectType(workspaceId, type.identifier, false));
    }

    @GET
    @RolesAllowed(Scopes.OBJECTS_READ)
    @Operation(summary = "List custom object types")
    public ListResponse<ObjectTypeView> list() {
        return ListResponse.of(
                types.list(workspace.id()).stream().map(this::view).toList());
    }

    @GET
    @Path("/{identifier}")
    @RolesAllowed(Scopes.OBJECTS_READ)
    @Operation(summary = "Get a custom object type by identifier")
    public ObjectTypeView get(@PathParam("identifier") String identifier) {
        return view(types.get(workspace.id(), identifier));
    }

    @POST
    @RolesAllowed(Scopes.OBJECTS_WRITE)
    @Operation(
            summary = "Create a custom object type",
            description = "{identifier, name, description, attributes[{name, data_type, description}]}")
    public Response create(@NotNull ObjectTypes.NewObjectType request) {
        return Response.status(Response.Status.CREATED)
                .entity(view(types.create(workspace.id(), request)))
                .build();
    }

    @PUT
    @Path("/{identifier}")
    @RolesAllowed(Scopes.OBJECTS_WRITE)
    @Operation(
            summary = "Change a custom object type",
            description = "description, archived, and attributes[{name, "
                    + "description, archived}] of existing attributes; an entry with a new name and a data_type adds an attribute. "
                    + "Identifiers, names and data types never change. What a live action writes is not archived: 409, "
                    + "one error per action (field actions[i]).")
    public ObjectTypeView update(@PathParam("identifier") String identifier, @NotNull ObjectNode body) {
        return view(types.update(workspace.id(), identifier, body));
    }
}
