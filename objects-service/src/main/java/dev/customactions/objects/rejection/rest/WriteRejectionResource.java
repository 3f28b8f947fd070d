package dev.customactions.objects.rejection.rest;

import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.objects.rejection.WriteRejection;
import dev.customactions.objects.rest.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Writes refused and not applied: why an action's result or an end user's attribute was not stored. */
@Path("/write_rejections")
@Tag(name = "Write rejections")
@RolesAllowed(Scopes.OBJECTS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class WriteRejectionResource {

    /** A refused write; {@code source_id} is the run id or the event id; time in Unix seconds. */
    public record RejectionView(
            @Schema(required = true) String type,
            @Schema(required = true) long id,
            @Schema(required = true) String source,
            String sourceId,
            String conversationId,
            String contactId,
            String actionId,
            @Schema(required = true) String reason,
            @Schema(required = true) List<Map<String, String>> errors,
            @Schema(required = true) long rejectedAt) {

        static RejectionView of(WriteRejection rejection) {
            return new RejectionView(
                    "write_rejection",
                    rejection.id,
                    rejection.source,
                    rejection.sourceId,
                    rejection.conversationId,
                    rejection.contactId,
                    rejection.actionId,
                    rejection.reason,
                    rejection.errors,
                    rejection.rejectedAt.getEpochSecond());
        }
    }

    private final CurrentWorkspace workspace;

    WriteRejectionResource(CurrentWorkspace workspace) {
        this.workspace = workspace;
    }

    @GET
    @Operation(
            summary = "List refused writes",
            description = "Filters: source (action_result|channel_event), source_id "
                    + "(run or event id), conversation_id, action_id, reason; oldest first; per_page, starting_after.")
    public Page<RejectionView> list(
            @QueryParam("source") String source,
            @QueryParam("source_id") String sourceId,
            @QueryParam("conversation_id") String conversationId,
            @QueryParam("action_id") String actionId,
            @QueryParam("reason") String reason,
            @QueryParam("per_page") Integer perPage,
            @QueryParam("starting_after") String startingAfter) {
        if (source != null
                && !source.equals(WriteRejection.ACTION_RESULT)
                && !source.equals(WriteRejection.CHANNEL_EVENT)) {
            throw ApiException.invalid("source", "source must be action_result or channel_event");
        }
        long after = 0;
        if (startingAfter != null) {
            try {
                after = Long.parseLong(startingAfter);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("starting_after", "starting_after must be a cursor from pages.next");
            }
        }
        int size = Page.perPage(perPage);
        String ws = workspace.id();
        var rows = WriteRejection.search(ws, source, sourceId, conversationId, actionId, reason, after, size + 1);
        return Page.of(
                rows,
                size,
                WriteRejection.countMatching(ws, source, sourceId, conversationId, actionId, reason),
                row -> String.valueOf(row.id),
                RejectionView::of);
    }
}
