package dev.customactions.definitions.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an action does, as an admin edits it and as each published version freezes it: the HTTPS
 * request with its templates, the typed inputs, the outputs read from the response and where they
 * are stored. Field names follow Intercom's data connector resource.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
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
        Retry retry) {

    /**
     * Opt-in retries of a failed call (connection error, 5xx, 429): at most {@code max_attempts}
     * calls in all (2 to 5) within {@code max_total_ms}, backing off exponentially with jitter and
     * honouring {@code Retry-After}. Safe for every method: a post or patch carries the run's
     * {@code Idempotency-Key}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Retry(Integer maxAttempts, Integer maxTotalMs) {}

    /** A query parameter or header; {@code value} is a template. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KeyValue(String key, String value) {}

    /** A typed input: {@code type} is string, integer, decimal or boolean. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DataInput(String name, String type, Boolean required, JsonNode defaultValue, String description) {}

    /** An output read from the JSON response with a JSONPath; a redacted one never appears in logs or test answers. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ResponseField(String name, String path, String type, Boolean redacted) {}

    /**
     * Where outputs are stored: {@code target} contact or conversation ({@code attributes}: custom
     * attribute name → output name), or custom_object ({@code object_type}, {@code external_id_output}
     * naming the output that identifies the instance, {@code attributes}, {@code references}:
     * contact and/or conversation).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ObjectMapping(
            String target,
            String objectType,
            String externalIdOutput,
            Map<String, String> attributes,
            List<String> references) {}
}
