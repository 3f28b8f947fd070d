package dev.customactions.definitions.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.action.AllowedHosts;
import dev.customactions.action.HttpMethod;
import dev.customactions.action.InputType;
import dev.customactions.action.Placeholders;
import dev.customactions.common.error.ErrorList;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks an action before it is saved, naming the field of every problem: the URL, every
 * {@code {{placeholder}}}, headers, JSONPaths, input and output types, mappings, the connection's
 * host binding and the limits.
 */
public final class ActionValidator {

    /** The configurable limits (defaults from Zendesk). */
    public record Limits(int maxInputs, int maxOutputs, int maxTimeoutMs, boolean allowHttp) {}

    private static final Set<String> RESERVED_HEADERS =
            Set.of("host", "content-length", "transfer-encoding", "connection", "idempotency-key");
    /** Names of inputs and outputs. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final Limits limits;
    private final List<ErrorList.Error> errors = new ArrayList<>();
    private final Set<String> inputs = new HashSet<>();

    private ActionValidator(Limits limits) {
        this.limits = limits;
    }

    /**
     * The problems of {@code definition}; {@code connectionHosts} gives the allowed hosts of a
     * connection of the workspace by id, empty when there is none.
     */
    public static List<ErrorList.Error> check(
            String name,
            ActionDefinition definition,
            Limits limits,
            Function<UUID, Optional<List<String>>> connectionHosts) {
        var validator = new ActionValidator(limits);
        validator.checkAll(name, definition, connectionHosts);
        return List.copyOf(validator.errors);
    }

    private void checkNotFoundStatuses(List<Integer> statuses) {
        if (statuses.size() > ActionDefinition.MAX_NOT_FOUND_STATUSES) {
            invalid(
                    "not_found_statuses",
                    "not_found_statuses has at most " + ActionDefinition.MAX_NOT_FOUND_STATUSES + " statuses");
            return;
        }
        for (int i = 0; i < statuses.size(); i++) {
            String problem = ActionDefinition.notFoundStatusProblem(statuses.get(i));
            if (problem != null) {
                invalid("not_found_statuses[" + i + "]", problem);
            } else if (statuses.subList(0, i).contains(statuses.get(i))) {
                invalid("not_found_statuses[" + i + "]", statuses.get(i) + " is listed twice");
            }
        }
    }

    private void checkAll(String name, ActionDefinition d, Function<UUID, Optional<List<String>>> connectionHosts) {
        if (name == null || name.isBlank()) {
            missing("name");
        } else if (name.length() > 200) {
            invalid("name", "name must be at most 200 characters");
        }
        checkInputs(d.dataInputs());
        Optional<HttpMethod> method = HttpMethod.of(d.httpMethod());
        if (d.httpMethod() == null) {
            missing("http_method");
        } else if (method.isEmpty()) {
            invalid("http_method", "http_method must be one of " + HttpMethod.wireNames());
        }
        String host = checkUrl(d.url());
        checkPairs("query", d.query(), false);
        checkPairs("headers", d.headers(), true);
        if (d.body() != null && !d.body().isNull()) {
            if (method.isPresent() && !method.get().sendsBody()) {
                invalid("body", "body is only sent with post, put or patch");
            }
            checkBody("body", d.body());
        }
        new OutputChecks(errors, limits.maxOutputs()).check(d.responseFields(), d.objectMappings());
        if (d.retry() != null) {
            d.retry().problems().forEach(this::invalid);
        }
        checkNotFoundStatuses(d.notFoundStatuses());
        if (d.timeoutMs() != null && (d.timeoutMs() < 1 || d.timeoutMs() > limits.maxTimeoutMs())) {
            invalid("timeout_ms", "timeout_ms must be between 1 and " + limits.maxTimeoutMs());
        }
        if (d.connectionId() != null) {
            Optional<List<String>> hosts = connectionHosts.apply(d.connectionId());
            if (hosts.isEmpty()) {
                invalid("connection_id", "No connection " + d.connectionId() + " in this workspace");
            } else if (host != null && !AllowedHosts.allows(hosts.get(), host)) {
                invalid("connection_id", AllowedHosts.refusal(hosts.get(), host));
            }
        }
    }

    private void checkInputs(List<DataInput> dataInputs) {
        if (dataInputs.size() > limits.maxInputs()) {
            invalid("data_inputs", "An action has at most " + limits.maxInputs() + " inputs");
        }
        for (int i = 0; i < dataInputs.size(); i++) {
            DataInput input = dataInputs.get(i);
            String field = "data_inputs[" + i + "]";
            if (input == null) {
                missing(field);
                continue;
            }
            if (input.name() == null) {
                missing(field + ".name");
            } else if (!NAME.matcher(input.name()).matches()) {
                invalid(field + ".name", "Input names are lower case letters, digits and _, starting with a letter");
            } else if (!inputs.add(input.name())) {
                invalid(field + ".name", "Input '" + input.name() + "' is declared twice");
            }
            if (input.type() == null) {
                missing(field + ".type");
            } else if (InputType.of(input.type()).isEmpty()) {
                invalid(field + ".type", "type must be one of " + InputType.wireNames());
            } else if (input.defaultValue() != null
                    && !input.defaultValue().isNull()
                    && !InputType.accepts(input.type(), input.defaultValue())) {
                invalid(field + ".default_value", "default_value must be a " + input.type());
            }
        }
    }

    private String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            missing("url");
            return null;
        }
        String bare = Placeholders.replace(url, name -> "x");
        if (bare.chars().anyMatch(Character::isWhitespace)) {
            invalid("url", "url must not contain spaces or line breaks");
            return null;
        }
        checkTemplate("url", url);
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && limits.allowHttp())) {
            invalid(
                    "url",
                    limits.allowHttp() ? "url must start with https:// or http://" : "url must start with https://");
            return null;
        }
        String rest = url.substring(schemeEnd + 3);
        int authorityEnd = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(c);
            if (at >= 0) {
                authorityEnd = Math.min(authorityEnd, at);
            }
        }
        String authority = rest.substring(0, authorityEnd);
        if (authority.contains("{{") || authority.contains("@")) {
            invalid("url", "The host of url can't be templated or carry credentials");
            return null;
        }
        try {
            URI uri = URI.create(scheme + "://" + authority + "/");
            if (uri.getHost() == null) {
                invalid("url", "url has no host");
                return null;
            }
            return uri.getHost().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            invalid("url", "url is not a URL");
            return null;
        }
    }

    private void checkPairs(String field, List<KeyValue> pairs, boolean headers) {
        for (int i = 0; i < pairs.size(); i++) {
            KeyValue pair = pairs.get(i);
            String at = field + "[" + i + "]";
            if (pair == null || pair.key() == null || pair.key().isBlank()) {
                missing(at + ".key");
                continue;
            }
            if (headers && !HEADER_NAME.matcher(pair.key()).matches()) {
                invalid(at + ".key", "A header name has letters, digits and - only");
            } else if (headers && RESERVED_HEADERS.contains(pair.key().toLowerCase(Locale.ROOT))) {
                invalid(at + ".key", pair.key() + " is set by the platform");
            }
            String value = pair.value() == null ? "" : pair.value();
            if (value.indexOf('\r') >= 0
                    || value.indexOf('\n') >= 0
                    || pair.key().indexOf('\r') >= 0
                    || pair.key().indexOf('\n') >= 0) {
                invalid(at + ".value", "Line breaks are not allowed in " + field);
            }
            checkTemplate(at + ".value", value);
        }
    }

    private void checkBody(String field, JsonNode node) {
        if (node.isTextual()) {
            checkTemplate(field, node.textValue());
        } else if (node.isObject()) {
            node.properties().forEach(entry -> {
                checkTemplate(field + "." + entry.getKey(), entry.getKey());
                checkBody(field + "." + entry.getKey(), entry.getValue());
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkBody(field + "[" + i + "]", node.get(i));
            }
        }
    }

    /** Every placeholder names an input or a context value; no stray braces. */
    private void checkTemplate(String field, String template) {
        for (String name : Placeholders.names(template)) {
            if (!inputs.contains(name) && !Placeholders.CONTEXT_VALUES.contains(name)) {
                invalid(
                        field,
                        "{{" + name + "}} is neither a declared input nor a context value ("
                                + Placeholders.contextValueList() + ")");
            }
        }
        if (Placeholders.hasStrayBraces(template)) {
            invalid(field, "An unfinished {{placeholder}}");
        }
    }

    private void missing(String field) {
        errors.add(ErrorList.Error.missing(field));
    }

    private void invalid(String field, String message) {
        errors.add(ErrorList.Error.invalid(field, message));
    }
}
