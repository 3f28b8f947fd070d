package dev.customactions.definitions.action.importing;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Drafts read from what admins already have: a cURL command, an OpenAPI document. Nothing is saved: the admin
 * reviews, then saves.
 */
@Path("/action_imports")
@Tag(name = "Actions")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ImportResource {

    /** Body of {@code POST /action_imports/curl}. */
    public record CurlRequest(@NotNull @Size(max = 100_000) String command) {}

    /** A command read as a draft's parts. */
    public record CurlImport(String type, CurlCommand.Parsed draft) {}

    /** Body of {@code POST /action_imports/openapi}: the document as text, or its URL; and the operation to draft. */
    public record OpenApiRequest(
            @Size(max = 2 * 1024 * 1024) String document,
            @Size(max = 2048) String url,
            String operation) {}

    /** A document's operations, and the chosen one as a draft. */
    public record OpenApiImport(
            String type,
            String title,
            List<OpenApiDocument.OperationSummary> operations,
            OpenApiDocument.Draft draft) {}

    private final DocumentFetcher fetcher;

    ImportResource(DocumentFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @POST
    @Path("/openapi")
    @Blocking
    @Operation(
            summary = "Read an OpenAPI 3.0/3.1 document: its operations, and one as a draft action's parts",
            description = "{document (JSON or YAML text) | url (https, fetched through the executor's SSRF guard), "
                    + "operation (a key from operations)}: the operations; with operation, the draft: method, URL, "
                    + "query and header rows, JSON body, typed inputs, description, outputs offered from the 2xx "
                    + "answer, a suggested connection from its security scheme; unsupported names what was left out.")
    public OpenApiImport openapi(@Valid @NotNull OpenApiRequest request) {
        boolean text = request.document() != null && !request.document().isBlank();
        boolean fetched = request.url() != null && !request.url().isBlank();
        if (text == fetched) {
            throw ApiException.invalid("document", "Give either document (the text) or url");
        }
        OpenApiDocument document = text
                ? OpenApiDocument.read(request.document(), null, "document")
                : OpenApiDocument.read(
                        fetcher.fetch(request.url()), URI.create(request.url().trim()), "url");
        return new OpenApiImport(
                "openapi_import",
                document.title(),
                document.operations(),
                request.operation() == null ? null : document.draft(request.operation()));
    }

    @POST
    @Path("/curl")
    @Operation(
            summary = "Read a cURL command as a draft action's parts",
            description = "{command}: method, URL, query rows, headers and JSON body; credentials become a suggested "
                    + "connection (never kept in the action); what an action can't carry is listed in unsupported.")
    public CurlImport curl(@Valid @NotNull CurlRequest request) {
        return new CurlImport("action_import", CurlCommand.parse(request.command()));
    }
}
