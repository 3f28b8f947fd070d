package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.executor.http.OutboundResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the run log keeps of one run's exchange: the request as sent and the response as
 * received, with secrets masked, masked outputs hidden and bodies cut at the configured size.
 */
final class RunDetail {

    private RunDetail() {}

    /**
     * Names a reader of the run log looks for, under {@code about}: the trigger's and the connection's names,
     * the conversation's and the contact's external ids (ids alone say nothing to an admin). Null is left out.
     */
    static void about(ObjectNode detail, String field, String value) {
        if (value != null) {
            JsonNode about = detail.get("about");
            (about instanceof ObjectNode names ? names : detail.putObject("about")).put(field, value);
        }
    }

    static void request(
            ObjectNode detail,
            String method,
            URI url,
            List<Map.Entry<String, String>> headers,
            JsonNode body,
            List<String> secrets,
            int loggedBodyBytes) {
        ObjectNode request = detail.putObject("request");
        request.put("method", method.toUpperCase(Locale.ROOT));
        request.put("url", Redaction.url(url, secrets));
        ObjectNode shown = request.putObject("headers");
        for (Map.Entry<String, String> header : headers) {
            shown.put(header.getKey(), Redaction.header(header.getKey(), header.getValue(), secrets));
        }
        if (body != null) {
            request.put("body", Redaction.text(body.toString(), secrets, loggedBodyBytes));
        }
    }

    static void response(ObjectNode detail, ActionDefinition spec, OutboundResponse response, int loggedBodyBytes) {
        ObjectNode shown = detail.putObject("response");
        shown.put("status", response.status());
        ObjectNode headers = shown.putObject("headers");
        for (Map.Entry<String, String> header : response.headers()) {
            headers.put(header.getKey(), Redaction.header(header.getKey(), header.getValue(), List.of()));
        }
        JsonNode json = ResponseBody.parsedOrNull(response.body());
        String body = json != null
                ? Outputs.maskedResponse(spec.responseFields(), json).toString()
                : new String(response.body(), StandardCharsets.UTF_8);
        shown.put("body", Redaction.text(body, List.of(), loggedBodyBytes));
        shown.put("body_truncated", body.length() > loggedBodyBytes);
    }
}
