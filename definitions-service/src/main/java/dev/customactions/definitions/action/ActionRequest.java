package dev.customactions.definitions.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.action.ActionDefinition.ObjectMapping;
import dev.customactions.action.ActionDefinition.ResponseField;
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
        ActionDefinition.Retry retry,
        List<Integer> notFoundStatuses) {

    ActionDefinition definition(int defaultTimeoutMs) {
        return new ActionDefinition(
                description,
                httpMethod == null ? null : httpMethod.toLowerCase(Locale.ROOT),
                url,
                query,
                headers,
                body,
                dataInputs,
                responseFields,
                objectMappings,
                connectionId,
                timeoutMs == null ? defaultTimeoutMs : timeoutMs,
                retry,
                notFoundStatuses);
    }
}
