package dev.customactions.objects.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Set;

/**
 * The fields of an {@code action.results} record this service reads (the executor owns the
 * schema). Writes are kept loose ({@link JsonNode}) and checked here, so that a malformed write is
 * a recorded rejection, not an unreadable record.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActionResultReceived(
        String runId,
        String workspaceId,
        String mode,
        String actionId,
        String conversationId,
        String contactId,
        String status,
        List<JsonNode> writes,
        @JsonIgnore boolean replay) {

    /** Modes of a run whose writes are stored: a live run, and an AI agent's call (of the live version). */
    public static final Set<String> STORED_MODES = Set.of("live", "agent");
    /** Status of a run whose writes are stored. */
    public static final String SUCCESS = "success";

    /**
     * This result as an operator's replay of its dead letter ({@code replay-of} header): a run rejected
     * before for a data model that lacked what it writes is checked and applied again.
     */
    public ActionResultReceived asReplay() {
        return new ActionResultReceived(
                runId, workspaceId, mode, actionId, conversationId, contactId, status, writes, true);
    }

    /** Whether its writes are to be stored: a successful live run or agent's call. */
    public boolean stores() {
        return STORED_MODES.contains(mode) && SUCCESS.equals(status);
    }
}
