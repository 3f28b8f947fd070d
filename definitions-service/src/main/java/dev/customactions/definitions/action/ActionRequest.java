package dev.customactions.definitions.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.definitions.action.ActionDefinition.DataInput;
import dev.customactions.definitions.action.ActionDefinition.KeyValue;
import dev.customactions.definitions.action.ActionDefinition.ObjectMapping;
import dev.customactions.definitions.action.ActionDefinition.ResponseField;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Body of {@code POST /actions} and {@code PUT /actions/{id}}: the name and the whole draft. */
public record ActionRequest(
        String name,
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
        ActionDefinition.Retry retry) {

    ActionDefinition definition(int defaultTimeoutMs) {
        return new ActionDefinition(
                description,
                httpMethod == null ? null : httpMethod.toLowerCase(Locale.ROOT),
                url,
                orEmpty(query),
                orEmpty(headers),
                body,
                orEmpty(dataInputs),
                orEmpty(responseFields),
                orEmpty(objectMappings),
                connectionId,
                timeoutMs == null ? defaultTimeoutMs : timeoutMs,
                retry);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
