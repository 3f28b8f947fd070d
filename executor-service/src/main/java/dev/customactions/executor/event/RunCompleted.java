package dev.customactions.executor.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one run, published on {@code action.results} (the topic's contract in the executor's README; sample in
 * {@code src/test/resources/contracts/action-result.json}). {@code found} is false when the run
 * failed or the API answered a status the action declares as "nothing found" (the run then succeeds
 * with no outputs and no writes), so that workflows branch on it. A test run also carries what was sent
 * and what came back ({@code request}, {@code response}, secrets masked), for the admin who tests.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunCompleted(
        String runId,
        String workspaceId,
        RunMode mode,
        String actionId,
        Integer actionVersion,
        String actionName,
        String triggerId,
        String invocationId,
        String sourceEventId,
        String conversationId,
        String contactId,
        String status,
        boolean found,
        Error error,
        Integer httpStatus,
        long durationMs,
        Map<String, JsonNode> outputs,
        List<Write> writes,
        Instant startedAt,
        Instant finishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode request,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode response,
        @JsonInclude(JsonInclude.Include.NON_NULL) String traceId) {

    /** CloudEvents type of a run's outcome. */
    public static final String TYPE = "dev.customactions.run.completed";

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    /** Why a run failed: a type from the fixed list and a message. */
    // The contract's name for the result's error object; always written RunCompleted.Error.
    @SuppressWarnings("JavaLangClash")
    public record Error(String type, String message) {}

    /**
     * A write the objects service applies: {@code target} contact or conversation (with {@code id}),
     * or custom_object (with {@code type}, {@code external_id} and {@code references}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Write(
            String target,
            String id,
            String type,
            String externalId,
            Map<String, JsonNode> attributes,
            List<Reference> references) {}

    /** A reference of a custom object instance to a contact or a conversation. */
    public record Reference(String target, String id) {}

    /** The key of its record: the conversation's, or the action's when the run has no conversation. */
    public String key() {
        return workspaceId + ":" + (conversationId != null ? conversationId : actionId);
    }
}
