package dev.customactions.objects.instance.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.objects.instance.CustomObjectInstance;
import dev.customactions.objects.instance.CustomObjectReference;
import dev.customactions.objects.instance.InstanceService;
import dev.customactions.objects.rest.Listing;
import dev.customactions.objects.rest.Page;
import dev.customactions.objects.rest.RecordRuns;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Custom object instances in Intercom's shapes, by type identifier (such as {@code Order}). */
@Path("/custom_object_instances/{type}")
@Tag(name = "Custom object instances")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CustomObjectInstanceResource {

    /** A link to a contact or conversation. */
    public record ReferenceView(String type, String id) {

        static ReferenceView of(CustomObjectReference reference) {
            return new ReferenceView(reference.target, reference.targetId);
        }
    }

    /** An instance; times in Unix seconds; {@code type} is the custom object type's identifier. */
    public record InstanceView(
            String type,
            String id,
            @JsonInclude(JsonInclude.Include.ALWAYS) String externalId,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long externalCreatedAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long externalUpdatedAt,
            long createdAt,
            long updatedAt,
            Map<String, Object> customAttributes,
            List<ReferenceView> references) {

        public static InstanceView of(InstanceService.InstanceWithReferences value) {
            CustomObjectInstance instance = value.instance();
            return new InstanceView(
                    instance.type,
                    instance.id,
                    instance.externalId,
                    instance.externalCreatedAt,
                    instance.externalUpdatedAt,
                    instance.createdAt.getEpochSecond(),
                    instance.updatedAt.getEpochSecond(),
                    withoutNulls(instance.customAttributes),
                    value.references().stream().map(ReferenceView::of).toList());
        }
    }

    /** Intercom's answer to a delete. */
    public record Deleted(String id, String object, boolean deleted) {}

    private final InstanceService instances;
    private final CurrentWorkspace workspace;
    private final RecordRuns recordRuns;

    CustomObjectInstanceResource(InstanceService instances, CurrentWorkspace workspace, RecordRuns recordRuns) {
        this.instances = instances;
        this.workspace = workspace;
        this.recordRuns = recordRuns;
    }

    @POST
    @RolesAllowed(Scopes.OBJECTS_WRITE)
    @Operation(
            summary = "Create or update an instance by external_id",
            description =
                    "{external_id, external_created_at, external_updated_at, custom_attributes{}, references[{type: "
                            + "contact|conversation, id}]}. Attributes are merged (null removes one); references are added.")
    public InstanceView upsert(@PathParam("type") String type, @NotNull InstanceService.InstanceRequest request) {
        return InstanceView.of(instances.upsert(workspace.id(), type, request));
    }

    @GET
    @RolesAllowed(Scopes.OBJECTS_READ)
    @Operation(
            summary = "Get an instance by external_id, or list instances",
            description =
                    "external_id=...: that instance. references_contact_id=... or references_conversation_id=...: "
                            + "a page of the instances referencing it, by id. Otherwise a page of the type's instances "
                            + "by last update (order=desc|asc), query= searching the external id. per_page up to "
                            + "150, starting_after from pages.next.")
    public Object find(
            @PathParam("type") String type,
            @QueryParam("external_id") String externalId,
            @QueryParam("references_contact_id") String contactId,
            @QueryParam("references_conversation_id") String conversationId,
            @QueryParam("query") String query,
            @QueryParam("order") String order,
            @QueryParam("per_page") Integer perPage,
            @QueryParam("starting_after") String startingAfter) {
        if (contactId != null || conversationId != null) {
            if (contactId != null && conversationId != null) {
                throw ApiException.invalid(
                        "references_conversation_id",
                        "give references_contact_id or references_conversation_id, not both");
            }
            String target = contactId != null ? "contact" : "conversation";
            String targetId = contactId != null ? contactId : conversationId;
            int size = Page.perPage(perPage);
            var rows = instances.referencing(workspace.id(), type, target, targetId, startingAfter, size + 1);
            return Page.of(
                    rows,
                    size,
                    instances.countReferencing(workspace.id(), type, target, targetId),
                    row -> row.instance().id,
                    InstanceView::of);
        }
        if (externalId == null) {
            var page = instances.list(workspace.id(), type, Listing.of(query, order, perPage, startingAfter));
            return new Page<>(
                    page.type(), page.data().stream().map(InstanceView::of).toList(), page.totalCount(), page.pages());
        }
        if (externalId.isBlank()) {
            throw ApiException.missing("external_id");
        }
        return InstanceView.of(instances.getByExternalId(workspace.id(), type, externalId));
    }

    @GET
    @Path("/{id}/runs")
    @RolesAllowed(Scopes.OBJECTS_READ)
    @Operation(
            summary = "The runs that wrote an instance",
            description = "Newest first, as long as the run is remembered (the delivery memory, 7 days by default).")
    public Page<RecordRuns.RunWrite> runs(
            @PathParam("type") String type,
            @PathParam("id") String id,
            @QueryParam("per_page") Integer perPage,
            @QueryParam("starting_after") String startingAfter) {
        var instance = instances.get(workspace.id(), type, id).instance();
        return recordRuns.page(workspace.id(), RecordRuns.instance(type, instance.externalId), perPage, startingAfter);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Scopes.OBJECTS_READ)
    @Operation(summary = "Get an instance by id")
    public InstanceView get(@PathParam("type") String type, @PathParam("id") String id) {
        return InstanceView.of(instances.get(workspace.id(), type, id));
    }

    @DELETE
    @RolesAllowed(Scopes.OBJECTS_WRITE)
    @Operation(summary = "Delete an instance by external_id")
    public Deleted deleteByExternalId(@PathParam("type") String type, @QueryParam("external_id") String externalId) {
        if (externalId == null || externalId.isBlank()) {
            throw ApiException.missing("external_id");
        }
        return new Deleted(instances.delete(workspace.id(), type, null, externalId), type, true);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.OBJECTS_WRITE)
    @Operation(summary = "Delete an instance by id")
    public Deleted delete(@PathParam("type") String type, @PathParam("id") String id) {
        return new Deleted(instances.delete(workspace.id(), type, id, null), type, true);
    }

    /** Custom attributes as shown: a null is an attribute removed. */
    public static Map<String, Object> withoutNulls(Map<String, Object> attributes) {
        var shown = new LinkedHashMap<String, Object>();
        if (attributes != null) {
            attributes.forEach((name, value) -> {
                if (value != null) {
                    shown.put(name, value);
                }
            });
        }
        return shown;
    }
}
