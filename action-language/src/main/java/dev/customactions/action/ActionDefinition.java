package dev.customactions.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * The timeout of a call whose action sets none, in milliseconds: the default of each service's
     * {@code default-timeout-ms} ({@code "" + DEFAULT_TIMEOUT_MS} in a configuration default).
     */
    public static final int DEFAULT_TIMEOUT_MS = 10_000;

    /** The longest external id of a custom object instance an action's mapping may derive (Intercom's limit). */
    public static final int MAX_EXTERNAL_ID_LENGTH = 255;

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

    /**
     * The longest a run of this action may take, in milliseconds: its call's timeout ({@code defaultTimeoutMs}
     * when it sets none) and, with retries, their whole budget.
     */
    public long longestRunMs(int defaultTimeoutMs) {
        return (timeoutMs == null ? defaultTimeoutMs : timeoutMs) + (retry == null ? 0 : retry.budgetMs());
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
    public record Retry(Integer maxAttempts, Integer maxTotalMs) {

        /** The fewest calls a retry policy may allow in all. */
        public static final int MIN_ATTEMPTS = 2;

        /** The most calls a retry policy may allow in all. */
        public static final int MAX_ATTEMPTS = 5;

        /** The budget of all attempts when {@code max_total_ms} is not set. */
        public static final int DEFAULT_TOTAL_MS = 60_000;

        /** The largest {@code max_total_ms}. */
        public static final int MAX_TOTAL_MS = 120_000;

        /** The first wait before a call is tried again, doubling at each attempt. */
        public static final long FIRST_BACKOFF_MS = 200;

        /** The longest wait between two attempts. */
        public static final long MAX_BACKOFF_MS = 10_000;

        /** The budget of all attempts, in milliseconds: {@code max_total_ms}, or {@link #DEFAULT_TOTAL_MS}. */
        public long budgetMs() {
            return maxTotalMs == null ? DEFAULT_TOTAL_MS : maxTotalMs;
        }

        /**
         * The wait before attempt {@code number + 1} (the first retry follows attempt 1), before jitter:
         * {@link #FIRST_BACKOFF_MS} doubling, at most {@link #MAX_BACKOFF_MS}. The executor's waits for its
         * database follow the same curve.
         */
        public static long backoffMs(int number) {
            return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(Math.max(number - 1, 0), 16));
        }

        /** What is wrong with this policy, by field ({@code retry.max_attempts} …), in order; empty when nothing. */
        public Map<String, String> problems() {
            var problems = new LinkedHashMap<String, String>();
            if (maxAttempts == null || maxAttempts < MIN_ATTEMPTS || maxAttempts > MAX_ATTEMPTS) {
                problems.put(
                        "retry.max_attempts",
                        "retry.max_attempts must be between " + MIN_ATTEMPTS + " and " + MAX_ATTEMPTS);
            }
            if (maxTotalMs != null && (maxTotalMs < 1 || maxTotalMs > MAX_TOTAL_MS)) {
                problems.put("retry.max_total_ms", "retry.max_total_ms must be between 1 and " + MAX_TOTAL_MS);
            }
            return problems;
        }
    }

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
            List<String> references) {

        /** The models whose records a mapping writes attributes on, and that an instance may reference. */
        public static final Set<String> MODELS = Set.of("contact", "conversation");

        /** Whether {@code name} is one of {@link #MODELS}: a contact or a conversation. */
        public static boolean isModel(String name) {
            return name != null && MODELS.contains(name);
        }
    }
}
