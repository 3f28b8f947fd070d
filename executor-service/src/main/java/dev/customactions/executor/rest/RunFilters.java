package dev.customactions.executor.rest;

import dev.customactions.executor.run.RunFailure;
import jakarta.ws.rs.QueryParam;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The filters and paging both run lists take ({@code GET /runs}, {@code GET /actions/{id}/runs}). */
public class RunFilters {

    @QueryParam("status")
    @Parameter(
            schema =
                    @Schema(
                            type = SchemaType.STRING,
                            enumeration = {"success", "failure"}))
    String status;

    /** The run error types, as the API documents them: the console's list is generated from this one. */
    @QueryParam("error_type")
    @Parameter(
            description = "A run error type",
            schema =
                    @Schema(
                            type = SchemaType.STRING,
                            enumeration = {
                                RunFailure.INPUT_INVALID,
                                RunFailure.INPUT_MISSING,
                                RunFailure.RENDER_FAILED,
                                RunFailure.BLOCKED_DESTINATION,
                                RunFailure.CONNECTION_FAILED,
                                RunFailure.TIMEOUT,
                                RunFailure.HTTP_ERROR,
                                RunFailure.RESPONSE_TOO_LARGE,
                                RunFailure.RESPONSE_NOT_JSON,
                                RunFailure.AUTH_FAILED,
                                RunFailure.MAPPING_FAILED,
                                RunFailure.RATE_LIMITED
                            }))
    String errorType;

    @QueryParam("conversation_id")
    String conversationId;

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    @QueryParam("per_page")
    Integer perPage;

    @QueryParam("starting_after")
    String startingAfter;

    /** The values a documented parameter takes: the list is written once, in its OpenAPI schema. */
    static Set<String> documented(String field) {
        try {
            return Set.of(RunFilters.class
                    .getDeclaredField(field)
                    .getAnnotation(Parameter.class)
                    .schema()
                    .enumeration());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("RunFilters has no field " + field, e);
        }
    }
}
