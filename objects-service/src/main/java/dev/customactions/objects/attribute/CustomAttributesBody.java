package dev.customactions.objects.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the body of {@code PUT /contacts/{id}} and {@code PUT /conversations/{id}}: {@code {custom_attributes: {...}}}. */
public final class CustomAttributesBody {

    private CustomAttributesBody() {}

    /** The custom attributes to set; any other field (a standard attribute) is refused, named. */
    public static Map<String, JsonNode> read(ObjectNode body) {
        var errors = new ArrayList<ErrorList.Error>();
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("custom_attributes")) {
                errors.add(ErrorList.Error.invalid(
                        field,
                        field + " is a standard attribute or unknown; only custom_attributes can be written here"));
            }
        });
        JsonNode attributes = body.get("custom_attributes");
        if (attributes == null || attributes.isNull()) {
            errors.add(ErrorList.Error.missing("custom_attributes"));
        } else if (!attributes.isObject()) {
            errors.add(ErrorList.Error.invalid("custom_attributes", "custom_attributes must be an object"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        var values = new LinkedHashMap<String, JsonNode>();
        attributes.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue()));
        return values;
    }
}
