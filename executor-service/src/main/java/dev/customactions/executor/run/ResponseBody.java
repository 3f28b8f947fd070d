package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.customactions.executor.http.OutboundResponse;
import dev.customactions.executor.http.ThirdPartyJson;
import java.io.IOException;
import java.util.Locale;

/** Reading a third party's response body as JSON, with the platform's limits on what it accepts. */
final class ResponseBody {

    private ResponseBody() {}

    /**
     * The JSON of {@code response} (an empty object when its body is empty); fails with
     * {@code response_not_json} when it is of another content type or does not parse.
     */
    static JsonNode json(OutboundResponse response) {
        if (response.body().length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        String contentType = response.header("Content-Type");
        if (contentType == null || !isJson(contentType)) {
            throw new RunFailure(
                    RunFailure.RESPONSE_NOT_JSON,
                    "The response is " + (contentType == null ? "without a content type" : contentType) + ", not JSON");
        }
        JsonNode json = parsedOrNull(response.body());
        if (json == null) {
            throw new RunFailure(RunFailure.RESPONSE_NOT_JSON, "The response body is not valid JSON");
        }
        return json;
    }

    /** The JSON of {@code bytes}, or null when they are empty or not JSON. */
    static JsonNode parsedOrNull(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return ThirdPartyJson.read(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
