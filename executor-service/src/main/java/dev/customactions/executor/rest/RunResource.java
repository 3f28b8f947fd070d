package dev.customactions.executor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.executor.event.RunCompleted;
import dev.customactions.executor.run.RunFailure;
import dev.customactions.executor.run.RunService;
import dev.customactions.executor.runlog.Run;
import dev.customactions.executor.runlog.RunLog;
import dev.customactions.executor.runlog.RunQuery;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.TimeoutException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The run log of the caller's workspace: what each run sent (secrets masked), what came back, its
 * outputs (redacted ones masked), error and timings. Newest first, paged with {@code starting_after}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.ADMIN)
@Tag(name = "Runs")
public class RunResource {

    /** A page of runs; {@code pages.next.starting_after} fetches the next page. */
    public record RunPage(String type, List<JsonNode> data, Pages pages) {}

    public record Pages(String type, int perPage, Next next) {}

    public record Next(String startingAfter) {}

    private static final Set<String> STATUSES = RunFilters.documented("status");
    private static final Set<String> ERROR_TYPES = RunFilters.documented("errorType");

    /**
     * How long a re-run's request waits for it: beyond the longest run (30 s timeout, retries within their
     * budget); past it, the run goes on and appears in the run log.
     */
    private static final Duration RERUN_ANSWER_WITHIN = Duration.ofMinutes(2);

    private final RunLog runLog;
    private final RunService runs;
    private final SecurityIdentity identity;
    private final CurrentWorkspace workspace;
    private final ObjectMapper mapper;

    RunResource(
            RunLog runLog,
            RunService runs,
            CurrentWorkspace workspace,
            SecurityIdentity identity,
            ObjectMapper mapper) {
        this.runLog = runLog;
        this.runs = runs;
        this.workspace = workspace;
        this.identity = identity;
        this.mapper = mapper;
    }

    @GET
    @Path("runs")
    @Operation(
            summary = "List runs",
            description = "Filters: action_id, status (success|failure), error_type, "
                    + "conversation_id, from and to (ISO-8601 instants, on the start time); per_page up to 100.")
    public RunPage list(@QueryParam("action_id") String actionId, @BeanParam RunFilters filters) {
        return page(actionId, filters);
    }

    @GET
    @Path("actions/{id}/runs")
    @Operation(summary = "List the runs of one action", description = "The same filters as GET /runs.")
    public RunPage listOfAction(@PathParam("id") String actionId, @BeanParam RunFilters filters) {
        return page(actionId, filters);
    }

    @GET
    @Path("runs/{run_id}")
    @Operation(summary = "Get one run, with its request and response")
    public JsonNode get(@PathParam("run_id") String runId) {
        Run run = runLog.get(workspace.id(), runId).orElseThrow(() -> ApiException.notFound("run"));
        return detailed(run);
    }

    @POST
    @Path("runs/{run_id}/rerun")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Re-run a failed run", description = """
            Runs again, now, the action's current live version with the failed run's inputs, context, \
            conversation and contact (a run whose inputs could not be bound is bound again by its trigger as it \
            is now). Answers 201 with the new run once it finished; its about.rerun_of names the original, whose \
            reruns list names it. 409 when the run did not fail or its action is no longer live.""")
    @APIResponse(responseCode = "201", description = "The new run, finished")
    public Response rerun(@PathParam("run_id") String runId) {
        Run original = runLog.get(workspace.id(), runId).orElseThrow(() -> ApiException.notFound("run"));
        if (!RunCompleted.FAILURE.equals(original.status)) {
            throw ApiException.conflict("status", "Only a failed run is re-run; this one is " + original.status);
        }
        RunCompleted result;
        try {
            result = runs.rerun(original, identity.getPrincipal().getName())
                    .await()
                    .atMost(RERUN_ANSWER_WITHIN);
        } catch (RunFailure notLive) {
            throw ApiException.conflict("action_id", "The run's action is no longer live; publish it to re-run");
        } catch (TimeoutException stillRunning) {
            throw new ApiException(
                    504, "executor_timeout", "The re-run is still going on; it will appear in the run log", null);
        }
        Run rerun = runLog.get(workspace.id(), result.runId()).orElseThrow(() -> ApiException.notFound("run"));
        return Response.status(Response.Status.CREATED).entity(detailed(rerun)).build();
    }

    private ObjectNode detailed(Run run) {
        ObjectNode view = summary(run);
        view.set("detail", run.detail);
        var reruns = view.putArray("reruns");
        runLog.reruns(run.workspaceId, run.runId).forEach(reruns::add);
        return view;
    }

    private RunPage page(String actionId, RunFilters filters) {
        String status = filters.status;
        String errorType = filters.errorType;
        String startingAfter = filters.startingAfter;
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "status is success or failure");
        }
        if (errorType != null && !ERROR_TYPES.contains(errorType)) {
            throw ApiException.invalid(
                    "error_type", "error_type is one of " + String.join(", ", new TreeSet<>(ERROR_TYPES)));
        }
        int limit = filters.perPage == null ? 50 : filters.perPage;
        if (limit < 1 || limit > 100) {
            throw ApiException.invalid("per_page", "per_page is between 1 and 100");
        }
        Instant beforeAt = null;
        String beforeId = null;
        if (startingAfter != null) {
            String[] cursor = decode(startingAfter);
            beforeAt = instant("starting_after", cursor[0]);
            beforeId = cursor[1];
        }
        List<Run> runs = runLog.find(new RunQuery(
                workspace.id(),
                actionId,
                status,
                errorType,
                filters.conversationId,
                instant("from", filters.from),
                instant("to", filters.to),
                beforeAt,
                beforeId,
                limit));
        Next next = null;
        if (runs.size() == limit) {
            Run last = runs.get(runs.size() - 1);
            next = new Next(Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((last.startedAt + "|" + last.runId).getBytes(StandardCharsets.UTF_8)));
        }
        return new RunPage(
                "list", runs.stream().<JsonNode>map(this::summary).toList(), new Pages("pages", limit, next));
    }

    private ObjectNode summary(Run run) {
        ObjectNode view = mapper.createObjectNode();
        view.put("type", "run");
        view.setAll((ObjectNode) run.result);
        // The names behind the ids (trigger, connection, external ids), as the run recorded them.
        if (run.detail != null && run.detail.has("about")) {
            view.set("about", run.detail.get("about"));
        }
        return view;
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            if (parts.length == 2) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApiException.invalid("starting_after", "starting_after is not a cursor this API gave");
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, field + " is an ISO-8601 instant such as 2026-11-21T10:15:30Z");
        }
    }
}
