package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.HttpMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * An action's request rendered for one run: the inputs typed strictly, then the URL, query,
 * headers and body filled from them and the run's context values. No credentials yet: those are
 * added per attempt, so a refreshed token never lands in a rendered request.
 *
 * @param inputs the typed inputs, as the run log shows them
 * @param method the HTTP method, lower case
 * @param url the URL with the rendered query
 * @param headers the action's own headers, rendered
 * @param body the rendered JSON body, or null for none
 */
record RenderedRequest(
        Map<String, JsonNode> inputs, String method, URI url, List<Map.Entry<String, String>> headers, JsonNode body) {

    static final String USER_AGENT = "custom-actions-executor/1";

    /** Renders {@code plan}'s action; a wrong input or template value fails with its {@link RunFailure}. */
    static RenderedRequest of(RunPlan plan) {
        ActionDefinition spec = plan.spec();
        Map<String, JsonNode> inputs =
                InputTypes.typed(spec.dataInputs(), plan.inputs().get());
        Function<String, JsonNode> values = name ->
                inputs.containsKey(name) ? inputs.get(name) : plan.context().get(name);
        URI url = Templates.url(spec.url(), spec.query(), values);
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (ActionDefinition.KeyValue header : spec.headers()) {
            headers.add(Map.entry(header.key(), Templates.header(header.key(), header.value(), values)));
        }
        JsonNode body = Templates.body(spec.body(), values);
        return new RenderedRequest(inputs, spec.httpMethod().toLowerCase(Locale.ROOT), url, List.copyOf(headers), body);
    }

    /** The headers sent: the action's own plus content type, accept, user agent and, where it applies, the idempotency key. */
    List<Map.Entry<String, String>> sentHeaders(String runId) {
        var sent = new ArrayList<>(headers);
        if (body != null) {
            sent.add(Map.entry("Content-Type", "application/json"));
        }
        sent.add(Map.entry("Accept", "application/json"));
        sent.add(Map.entry("User-Agent", USER_AGENT));
        if (HttpMethod.of(method).filter(HttpMethod::sendsIdempotencyKey).isPresent()) {
            sent.add(Map.entry("Idempotency-Key", runId));
        }
        return sent;
    }

    /** The body as sent, or null for none. */
    byte[] bodyBytes() {
        return body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
