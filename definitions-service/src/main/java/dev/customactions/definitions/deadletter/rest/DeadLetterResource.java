package dev.customactions.definitions.deadletter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.rest.CursorPage;
import dev.customactions.definitions.deadletter.DeadLetterIndex;
import dev.customactions.definitions.deadletter.DeadLetterService;
import dev.customactions.definitions.deadletter.DeadLetterService.Caller;
import dev.customactions.definitions.deadletter.DeadLetterService.Filter;
import dev.customactions.definitions.deadletter.DeadLetterService.Listed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Dead letters: the records a service could not apply, kept on the topics' {@code .dlq}. A platform
 * operator (scope {@code operator}) sees and acts on every workspace's; a workspace admin only on its
 * own workspace's. Fix the cause, then replay: the record goes back to its source topic once; its
 * consumers apply it once (a record applied before changes nothing). Or discard it, with a reason.
 */
@Path("/dead_letters")
@Tag(name = "Dead letters")
@RolesAllowed({Scopes.ADMIN, Scopes.OPERATOR})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private static final CursorPage.Size PAGE_SIZE = new CursorPage.Size(25, 100);
    private static final Set<String> STATUSES =
            Set.of(DeadLetterService.OPEN, DeadLetterService.REPLAYED, DeadLetterService.DISCARDED, "all");

    /** Where a replayed dead letter went. */
    public record Destination(String topic, int partition, long offset) {}

    /** What was done to a dead letter: by whom (a token id), when, why, and where a replay went. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryView(String action, String by, Instant at, String reason, Destination replayedTo) {}

    /** A dead letter as the API shows it. */
    public record DeadLetterView(
            String type,
            String id,

            @Schema(description = "The topic the record was read from")
            String topic,

            Integer partition,
            Long offset,
            String key,
            String workspaceId,
            String reason,
            String cause,
            String exception,
            Instant deadLetteredAt,

            @Schema(description = "The record's value, secrets masked, at most 8 KiB")
            String payload,

            int payloadSize,
            boolean payloadTruncated,

            @Schema(enumeration = {"open", "replayed", "discarded"})
            String status,

            List<HistoryView> history) {

        static DeadLetterView of(Listed listed) {
            DeadLetterIndex.Entry entry = listed.entry();
            return new DeadLetterView(
                    "dead_letter",
                    entry.id(),
                    entry.topic(),
                    entry.partition(),
                    entry.offset(),
                    entry.key(),
                    entry.workspaceId(),
                    entry.reason(),
                    entry.cause(),
                    entry.exception(),
                    entry.deadLetteredAt(),
                    entry.payload(),
                    entry.payloadSize(),
                    entry.payloadTruncated(),
                    listed.status(),
                    listed.history().stream()
                            .map(act -> new HistoryView(
                                    act.action(),
                                    act.by(),
                                    act.at(),
                                    act.reason(),
                                    act.replayedTopic() == null
                                            ? null
                                            : new Destination(
                                                    act.replayedTopic(),
                                                    act.replayedPartition(),
                                                    act.replayedOffset())))
                            .toList());
        }
    }

    /** A page of dead letters, newest first; {@code total_count} counts every match. */
    public record DeadLetterPage(String type, List<DeadLetterView> data, int totalCount, CursorPage.Pages pages) {}

    /** Which dead letters a bulk action is about: those matching these filters (open ones). */
    public record Matching(String topic, @Size(max = 500) String reason) {}

    /** Body of a replay: {@code ids}, or {@code all_matching}. */
    public record ReplayRequest(
            @Size(min = 1) List<@NotNull String> ids, @Valid Matching allMatching) {}

    /** Body of a discard: {@code ids} or {@code all_matching}, and why. */
    public record DiscardRequest(
            @Size(min = 1) List<@NotNull String> ids,
            @Valid Matching allMatching,
            @Size(max = 500) String reason) {}

    public record ReplayAnswer(
            String type, List<DeadLetterService.Replayed> replayed, List<DeadLetterService.Skipped> skipped) {}

    public record DiscardAnswer(String type, List<String> discarded, List<DeadLetterService.Skipped> skipped) {}

    private final DeadLetterService deadLetters;
    private final CurrentWorkspace workspace;
    private final SecurityIdentity identity;

    DeadLetterResource(DeadLetterService deadLetters, CurrentWorkspace workspace, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.workspace = workspace;
        this.identity = identity;
    }

    @GET
    @Operation(
            summary = "List dead letters",
            description = "Newest first. A workspace admin sees its own workspace's; an operator every one.")
    public DeadLetterPage list(
            @QueryParam("topic") @Parameter(description = "A source topic") String topic,
            @QueryParam("reason") @Parameter(description = "Part of the reason, any case") String reason,
            @QueryParam("status")
                    @Parameter(
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"open", "replayed", "discarded", "all"},
                                            defaultValue = "open"))
                    String status,
            @QueryParam("per_page") Integer perPage,
            @QueryParam("starting_after") String startingAfter) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "status must be open, replayed, discarded or all");
        }
        Caller caller = caller();
        List<Listed> all = deadLetters.list(caller, filter(topic, reason, status, "topic"));
        // A page may resume after a dead letter replayed or discarded since (no longer "open"): where it sorts.
        var page = CursorPage.of(
                all,
                listed -> listed.entry().id(),
                Comparator.comparing(Listed::entry, DeadLetterIndex.NEWEST_FIRST),
                cursor -> deadLetters.find(caller, cursor).map(entry -> new Listed(entry, null, List.of())),
                perPage,
                PAGE_SIZE,
                startingAfter,
                "dead letter");
        return new DeadLetterPage(
                "list", page.items().stream().map(DeadLetterView::of).toList(), page.totalCount(), page.pages());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One dead letter, with what was done to it")
    public DeadLetterView get(@PathParam("id") String id) {
        return DeadLetterView.of(deadLetters.get(caller(), id));
    }

    @POST
    @Path("/replay")
    @Operation(
            summary = "Replay dead letters to their source topics",
            description = "Each once; one replayed or discarded before is skipped. At most 1,000 per request.")
    public ReplayAnswer replay(@Valid @NotNull ReplayRequest request) {
        Caller caller = caller();
        var done = deadLetters.replay(
                caller, deadLetters.selection(caller, request.ids(), matching(request.ids(), request.allMatching())));
        return new ReplayAnswer("dead_letter_replay", done.getKey(), done.getValue());
    }

    @POST
    @Path("/discard")
    @Operation(summary = "Discard dead letters, with the reason", description = "Each once. At most 1,000 per request.")
    public DiscardAnswer discard(@Valid @NotNull DiscardRequest request) {
        if (request.reason() == null || request.reason().isBlank()) {
            throw ApiException.missing("reason");
        }
        Caller caller = caller();
        var done = deadLetters.discard(
                caller,
                deadLetters.selection(caller, request.ids(), matching(request.ids(), request.allMatching())),
                request.reason().strip());
        return new DiscardAnswer("dead_letter_discard", done.getKey(), done.getValue());
    }

    private static Filter matching(List<String> ids, Matching allMatching) {
        if ((ids == null) == (allMatching == null)) {
            throw ApiException.invalid("ids", "Give either ids or all_matching");
        }
        return allMatching == null
                ? null
                : filter(allMatching.topic(), allMatching.reason(), DeadLetterService.OPEN, "all_matching.topic");
    }

    private static Filter filter(String topic, String reason, String status, String topicField) {
        if (topic != null && !DeadLetterIndex.SOURCE_TOPICS.contains(topic)) {
            throw ApiException.invalid(topicField, "topic must be one of " + DeadLetterIndex.SOURCE_TOPICS);
        }
        return new Filter(topic, reason == null || reason.isBlank() ? null : reason, status);
    }

    private Caller caller() {
        return new Caller(workspace.id(), identity.getPrincipal().getName(), identity.hasRole(Scopes.OPERATOR));
    }
}
