package dev.customactions.executor.definition;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What the executor reads of an action definition (the definitions service owns the schema): the
 * request templates, typed inputs, outputs and mappings, connection, timeout and retry policy.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActionSpec(
        String httpMethod,
        String url,
        List<KeyValue> query,
        List<KeyValue> headers,
        JsonNode body,
        List<DataInput> dataInputs,
        List<ResponseField> responseFields,
        List<ObjectMapping> objectMappings,
        String connectionId,
        Integer timeoutMs,
        Retry retry) {

    public ActionSpec {
        query = query == null ? List.of() : query;
        headers = headers == null ? List.of() : headers;
        dataInputs = dataInputs == null ? List.of() : dataInputs;
        responseFields = responseFields == null ? List.of() : responseFields;
        objectMappings = objectMappings == null ? List.of() : objectMappings;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KeyValue(String key, String value) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DataInput(String name, String type, Boolean required, JsonNode defaultValue) {

        public boolean isRequired() {
            return Boolean.TRUE.equals(required);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResponseField(String name, String path, String type, Boolean redacted) {

        public boolean isRedacted() {
            return Boolean.TRUE.equals(redacted);
        }
    }

    /** {@code target} contact, conversation or custom_object; {@code attributes}: attribute name → output name. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ObjectMapping(
            String target,
            String objectType,
            String externalIdOutput,
            Map<String, String> attributes,
            List<String> references) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Retry(Integer maxAttempts, Integer maxTotalMs) {}
}
