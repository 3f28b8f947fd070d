package dev.customactions.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an action does, as an admin edits it, as each published version freezes it and as the
 * executor runs it: the HTTPS request with its templates, the typed inputs, the outputs read from
 * the response and where they are stored. Field names follow Intercom's data connector resource.
 * The definitions service writes it (and checks it); the executor reads it, ignoring fields it
 * does not know yet, so a newer definitions service never stops an older executor.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActionDefinition(
        String description,
        String httpMethod,
        String url,
        List<KeyValue> query,
        List<KeyValue> headers,
        JsonNode body,
        List<DataInput> dataInputs,
        List<ResponseField> responseFields,
        List<ObjectMapping> objectMappings,
        UUID connectionId,
        Integer timeoutMs,
        Retry retry,
        List<Integer> notFoundStatuses) {

    /** The most statuses an action may declare as "nothing found". */
    public static final int MAX_NOT_FOUND_STATUSES = 10;

    public ActionDefinition {
        notFoundStatuses = orEmpty(notFoundStatuses);
        query = orEmpty(query);
        headers = orEmpty(headers);
        dataInputs = orEmpty(dataInputs);
        responseFields = orEmpty(responseFields);
        objectMappings = orEmpty(objectMappings);
    }

    /**
     * Whether the API's answer {@code status} means "nothing found" for this action (such as a 404
     * for an unknown order): the run then succeeds with no outputs and writes nothing.
     */
    public boolean notFound(int status) {
        return notFoundStatuses.contains(status);
    }

    /**
     * Why {@code status} can't mean "nothing found", or null when it can: only a 4xx, and not 401 or
     * 403 (refused credentials) nor 429 (too many requests), whose meaning the platform keeps.
     */
    public static String notFoundStatusProblem(Integer status) {
        if (status == null || status < 400 || status > 499 || status == 401 || status == 403 || status == 429) {
            return "a status that means nothing found is a 4xx other than 401, 403 and 429";
        }
        return null;
    }

    /** {@code list}, or an empty list for none. */
    public static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /**
     * Opt-in retries of a failed call (connection error, 5xx, 429): at most {@code max_attempts}
     * calls in all (2 to 5) within {@code max_total_ms}, backing off exponentially with jitter and
     * honouring {@code Retry-After}. Safe for every method: a post or patch carries the run's
     * {@code Idempotency-Key}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Retry(Integer maxAttempts, Integer maxTotalMs) {}

    /** A query parameter or header; {@code value} is a template. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KeyValue(String key, String value) {}

    /** A typed input: {@code type} is one of {@link InputType}'s wire names. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DataInput(String name, String type, Boolean required, JsonNode defaultValue, String description) {

        /** Whether a run must be given this input (no default stands in). */
        public boolean mandatory() {
            return Boolean.TRUE.equals(required);
        }
    }

    /** An output read from the JSON response with a JSONPath; a redacted one never appears in logs or test answers. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResponseField(String name, String path, String type, Boolean redacted) {

        /** Whether the value is masked wherever it is shown. */
        public boolean masked() {
            return Boolean.TRUE.equals(redacted);
        }
    }

    /**
     * Where outputs are stored: {@code target} contact or conversation ({@code attributes}: custom
     * attribute name → output name), or custom_object ({@code object_type}, {@code external_id_output}
     * naming the output that identifies the instance, {@code attributes}, {@code references}:
     * contact and/or conversation).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ObjectMapping(
            String target,
            String objectType,
            String externalIdOutput,
            Map<String, String> attributes,
            List<String> references) {}
}
