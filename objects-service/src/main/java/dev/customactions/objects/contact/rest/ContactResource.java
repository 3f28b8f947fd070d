package dev.customactions.objects.contact.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.objects.attribute.CustomAttributeService;
import dev.customactions.objects.contact.Contact;
import dev.customactions.objects.instance.rest.CustomObjectInstanceResource;
import dev.customactions.objects.instance.rest.ReferencedInstances;
import dev.customactions.objects.rest.Page;
import dev.customactions.objects.rest.RecordEndpoints;
import dev.customactions.objects.rest.RecordRuns;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Contacts of the caller's workspace, by id or by external id; admins set their custom attributes. */
@Path("/contacts")
@Tag(name = "Contacts")
@RolesAllowed(Scopes.OBJECTS_READ)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContactResource {

    /**
     * A contact in Intercom's shape; times in Unix seconds. {@code role}, {@code external_id} are
     * null for a contact known so far only from an action's result.
     */
    public record ContactView(
            String type,
            String id,
            String externalId,
            String role,
            String name,
            String email,
            Map<String, Object> customAttributes,
            ReferencedInstances customObjectInstances,
            long createdAt,
            long updatedAt) {

        static ContactView of(Contact contact) {
            return new ContactView(
                    "contact",
                    contact.id,
                    contact.externalId,
                    contact.role,
                    contact.name,
                    contact.email,
                    CustomObjectInstanceResource.withoutNulls(contact.customAttributes),
                    ReferencedInstances.of(contact.workspaceId, "contact", contact.id),
                    contact.createdAt.getEpochSecond(),
                    contact.updatedAt.getEpochSecond());
        }
    }

    private final RecordEndpoints<Contact, ContactView> contacts;

    ContactResource(CurrentWorkspace workspace, CustomAttributeService attributes, RecordRuns recordRuns) {
        var kind = new RecordEndpoints.Kind<>(
                "contact",
                "Contact",
                Contact.class,
                Contact.SEARCHED,
                (Contact contact) -> contact.updatedAt,
                (Contact contact) -> contact.id,
                Contact::findInWorkspace,
                Contact::findByExternalId,
                ContactView::of);
        this.contacts = new RecordEndpoints<>(kind, workspace, attributes, recordRuns);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a contact by id")
    public ContactView get(@PathParam("id") String id) {
        return contacts.get(id);
    }

    @GET
    @Operation(
            summary = "Get a contact by external id, or list contacts",
            description = "external_id=...: that contact. Otherwise a page of the workspace's contacts by last "
                    + "update (order=desc|asc), query= searching the external id, name or email; per_page up to 150, "
                    + "starting_after from pages.next.")
    public Object find(
            @QueryParam("external_id") String externalId,
            @QueryParam("query") String query,
            @QueryParam("order") String order,
            @QueryParam("per_page") Integer perPage,
            @QueryParam("starting_after") String startingAfter) {
        return contacts.find(externalId, query, order, perPage, startingAfter);
    }

    @GET
    @Path("/{id}/runs")
    @Operation(
            summary = "The runs that wrote a contact",
            description = "Newest first, as long as the run is remembered (the delivery memory, 7 days by default).")
    public Page<RecordRuns.RunWrite> runs(
            @PathParam("id") String id,
            @QueryParam("per_page") Integer perPage,
            @QueryParam("starting_after") String startingAfter) {
        return contacts.runs(id, perPage, startingAfter);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Scopes.OBJECTS_WRITE)
    @Operation(
            summary = "Set a contact's custom attributes",
            description =
                    "{custom_attributes: {name: value}}: each "
                            + "checked against the contact data attributes; null removes one. Standard attributes can't be written.")
    public ContactView update(@PathParam("id") String id, @NotNull ObjectNode body) {
        return contacts.update(id, body);
    }
}
