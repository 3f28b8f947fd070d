package dev.customactions.objects.contact.rest;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.objects.contact.Contact;

/** Contacts of the caller's workspace, by id or by external id. */
@Path("/contacts")
@Tag(name = "Contacts")
@RolesAllowed(Scopes.OBJECTS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class ContactResource {

    /** A contact in Intercom's shape; times in Unix seconds. */
    public record ContactView(String type, String id, String externalId, String role, String name, String email,
            Map<String, Object> customAttributes, long createdAt, long updatedAt) {

        static ContactView of(Contact contact) {
            return new ContactView("contact", contact.id, contact.externalId, contact.role, contact.name, contact.email,
                    contact.customAttributes, contact.createdAt.getEpochSecond(), contact.updatedAt.getEpochSecond());
        }
    }

    private final CurrentWorkspace workspace;

    ContactResource(CurrentWorkspace workspace) {
        this.workspace = workspace;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a contact by id")
    public ContactView get(@PathParam("id") String id) {
        return Contact.findInWorkspace(workspace.id(), id).map(ContactView::of)
                .orElseThrow(() -> ApiException.notFound("Contact"));
    }

    @GET
    @Operation(summary = "Get a contact by external id")
    public ContactView findByExternalId(@QueryParam("external_id") String externalId) {
        if (externalId == null || externalId.isBlank()) {
            throw ApiException.missing("external_id");
        }
        return Contact.findByExternalId(workspace.id(), externalId).map(ContactView::of)
                .orElseThrow(() -> ApiException.notFound("Contact"));
    }
}
