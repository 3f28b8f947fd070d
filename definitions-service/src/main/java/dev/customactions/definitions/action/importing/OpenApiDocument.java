package dev.customactions.definitions.action.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.common.error.ApiException;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAPI 3.0 or 3.1 document (JSON or YAML, read by swagger-parser) as the operations an admin picks
 * from, and one operation as a draft action's parts: method and URL (the first server's, path parameters
 * as {@code {{name}}}), query and header rows, a JSON body of the request's top-level properties, typed
 * inputs for all of them, the description from its summary, outputs offered from its 2xx JSON answer, and
 * a suggested connection from its security scheme. Only references inside the document are followed (no
 * URL is fetched while reading). What an action can't carry is named in {@code unsupported}.
 */
public final class OpenApiDocument {

    /** One operation of the document: its key (the operationId, else "METHOD path"), method, path and summary. */
    public record OperationSummary(String key, String method, String path, String summary) {}

    /** A typed input the draft's templates name. */
    public record Input(String name, String type, boolean required, String description) {}

    /** An output offered from the answer's schema: a JSONPath and a type. */
    public record Output(String name, String path, String type) {}

    /** One operation as a draft action's parts. */
    public record Draft(
            String name,
            String description,
            String httpMethod,
            String url,
            List<KeyValue> query,
            List<KeyValue> headers,
            JsonNode body,
            List<Input> dataInputs,
            List<Output> responseFields,
            CurlCommand.SuggestedConnection suggestedConnection,
            List<String> unsupported) {}

    /** How deep outputs are offered in the answer's schema. */
    private static final int OUTPUT_DEPTH = 4;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final OpenAPI api;
    private final URI source;

    private OpenApiDocument(OpenAPI api, URI source) {
        this.api = api;
        this.source = source;
    }

    /**
     * Reads {@code text} (fetched from {@code source}, or null when given as text); a text that isn't an OpenAPI 3
     * document is a 422 naming {@code field}.
     */
    public static OpenApiDocument read(String text, URI source, String field) {
        var options = new ParseOptions();
        options.setResolve(false);
        var result = new OpenAPIV3Parser().readContents(text, null, options);
        if (result == null || result.getOpenAPI() == null || result.getOpenAPI().getPaths() == null) {
            List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
            throw ApiException.unprocessable(
                    field,
                    "The " + field + " is not an OpenAPI 3.0 or 3.1 document"
                            + (messages.isEmpty()
                                    ? ""
                                    : ": " + String.join("; ", messages.subList(0, Math.min(3, messages.size())))));
        }
        return new OpenApiDocument(result.getOpenAPI(), source);
    }

    /** The document's title. */
    public String title() {
        return api.getInfo() == null ? null : api.getInfo().getTitle();
    }

    /** Every operation, in the document's order. */
    public List<OperationSummary> operations() {
        var operations = new ArrayList<OperationSummary>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.add(new OperationSummary(
                        key(method, path, operation),
                        method.name().toLowerCase(Locale.ROOT),
                        path,
                        operation.getSummary() != null ? operation.getSummary() : operation.getDescription()))));
        return operations;
    }

    /** The operation {@code key} as a draft; an unknown key is a 422 naming {@code operation}. */
    public Draft draft(String key) {
        for (var path : api.getPaths().entrySet()) {
            for (var entry : path.getValue().readOperationsMap().entrySet()) {
                if (key(entry.getKey(), path.getKey(), entry.getValue()).equals(key)) {
                    return draft(entry.getKey(), path.getKey(), path.getValue(), entry.getValue());
                }
            }
        }
        throw ApiException.unprocessable("operation", "The document has no operation " + key);
    }

    private static String key(PathItem.HttpMethod method, String path, Operation operation) {
        return operation.getOperationId() != null && !operation.getOperationId().isBlank()
                ? operation.getOperationId()
                : method.name() + " " + path;
    }

    private Draft draft(PathItem.HttpMethod method, String path, PathItem item, Operation operation) {
        var unsupported = new ArrayList<String>();
        var inputs = new LinkedHashMap<String, Input>();
        var query = new ArrayList<KeyValue>();
        var headers = new ArrayList<KeyValue>();
        String url = server(item, operation, unsupported) + path;
        var parameters = new ArrayList<Parameter>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        for (Parameter declared : parameters) {
            Parameter parameter = resolve(declared);
            if (parameter == null || parameter.getName() == null) {
                unsupported.add("a parameter defined outside the document: " + declared.get$ref());
                continue;
            }
            String where = String.valueOf(parameter.getIn());
            if ("cookie".equals(where)) {
                unsupported.add("cookie parameter " + parameter.getName());
                continue;
            }
            if ("header".equals(where) && parameter.getName().equalsIgnoreCase("authorization")) {
                continue;
            }
            String name = inputName(parameter.getName(), inputs.keySet());
            boolean required = "path".equals(where) || Boolean.TRUE.equals(parameter.getRequired());
            inputs.put(
                    name,
                    new Input(
                            name,
                            type(schema(parameter.getSchema()), "parameter " + parameter.getName(), unsupported),
                            required,
                            parameter.getDescription()));
            String template = "{{" + name + "}}";
            switch (where) {
                case "path" -> url = url.replace("{" + parameter.getName() + "}", template);
                case "query" -> query.add(new KeyValue(parameter.getName(), template));
                case "header" -> headers.add(new KeyValue(parameter.getName(), template));
                default -> unsupported.add(where + " parameter " + parameter.getName());
            }
        }
        JsonNode body = body(operation, inputs, unsupported);
        String summary = operation.getSummary();
        String description = summary != null && !summary.isBlank() ? summary : operation.getDescription();
        return new Draft(
                summary != null && !summary.isBlank()
                        ? summary
                        : operation.getOperationId() != null ? operation.getOperationId() : method + " " + path,
                description,
                method.name().toLowerCase(Locale.ROOT),
                url,
                query,
                headers,
                body,
                List.copyOf(inputs.values()),
                outputs(operation),
                connection(operation),
                unsupported);
    }

    /** The first server's URL, made absolute against where the document came from. */
    private String server(PathItem item, Operation operation, List<String> unsupported) {
        var servers = operation.getServers() != null && !operation.getServers().isEmpty()
                ? operation.getServers()
                : item.getServers() != null && !item.getServers().isEmpty() ? item.getServers() : api.getServers();
        String url = servers == null || servers.isEmpty() || servers.get(0).getUrl() == null
                ? "/"
                : servers.get(0).getUrl();
        if (servers != null && !servers.isEmpty() && servers.get(0).getVariables() != null) {
            for (var variable : servers.get(0).getVariables().entrySet()) {
                url = url.replace(
                        "{" + variable.getKey() + "}",
                        String.valueOf(variable.getValue().getDefault()));
            }
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            if (source == null) {
                unsupported.add("the server URL " + url + " is relative: complete the action's URL");
            } else {
                url = source.resolve(url).toString();
            }
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A JSON body of the request's top-level properties, each an input; other bodies are named unsupported. */
    private JsonNode body(Operation operation, Map<String, Input> inputs, List<String> unsupported) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return null;
        }
        var content = operation.getRequestBody().getContent();
        MediaType json = content.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).contains("json"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (json == null) {
            unsupported.add("a request body of " + String.join(", ", content.keySet()) + " (only JSON)");
            return null;
        }
        Schema<?> schema = schema(json.getSchema());
        if (schema == null || schema.getProperties() == null) {
            unsupported.add("a request body that is not a JSON object with properties");
            return null;
        }
        ObjectNode body = JSON.objectNode();
        Set<String> required = schema.getRequired() == null ? Set.of() : new HashSet<>(schema.getRequired());
        schema.getProperties().forEach((property, declared) -> {
            Schema<?> value = schema(declared);
            String type = value == null ? null : typeName(value);
            if ("object".equals(type) || "array".equals(type)) {
                unsupported.add("body property " + property + " (an " + type + "; only values become inputs)");
                return;
            }
            String name = inputName(property, inputs.keySet());
            inputs.put(
                    name,
                    new Input(
                            name,
                            type(value, "body property " + property, unsupported),
                            required.contains(property),
                            value == null ? null : value.getDescription()));
            body.put(property, "{{" + name + "}}");
        });
        return body;
    }

    /** Outputs offered from the first 2xx answer's JSON schema: its scalar leaves, to a few levels. */
    private List<Output> outputs(Operation operation) {
        var outputs = new ArrayList<Output>();
        if (operation.getResponses() == null) {
            return outputs;
        }
        ApiResponse success = operation.getResponses().entrySet().stream()
                .filter(e -> e.getKey().startsWith("2"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (success != null && success.get$ref() != null) {
            success = api.getComponents() == null || api.getComponents().getResponses() == null
                    ? null
                    : api.getComponents().getResponses().get(refName(success.get$ref()));
        }
        if (success == null || success.getContent() == null) {
            return outputs;
        }
        success.getContent().entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).contains("json"))
                .findFirst()
                .ifPresent(e -> leaves(schema(e.getValue().getSchema()), "$", "", 0, outputs, new HashSet<>()));
        return outputs;
    }

    private void leaves(
            Schema<?> schema, String path, String name, int depth, List<Output> outputs, Set<String> names) {
        if (schema == null || depth > OUTPUT_DEPTH) {
            return;
        }
        String type = typeName(schema);
        if ("object".equals(type) || schema.getProperties() != null) {
            if (schema.getProperties() != null) {
                schema.getProperties()
                        .forEach((property, value) -> leaves(
                                schema(value),
                                path + "." + property,
                                name.isEmpty() ? property : name + "_" + property,
                                depth + 1,
                                outputs,
                                names));
            }
        } else if ("array".equals(type)) {
            leaves(schema(schema.getItems()), path + "[*]", name, depth + 1, outputs, names);
        } else if (!name.isEmpty()) {
            String outputName = inputName(name, names);
            names.add(outputName);
            outputs.add(new Output(outputName, path, actionType(type)));
        }
    }

    /** The connection the operation's (or the document's) first security scheme asks for. */
    private CurlCommand.SuggestedConnection connection(Operation operation) {
        List<SecurityRequirement> security =
                operation.getSecurity() != null ? operation.getSecurity() : api.getSecurity();
        if (security == null
                || api.getComponents() == null
                || api.getComponents().getSecuritySchemes() == null) {
            return null;
        }
        for (SecurityRequirement requirement : security) {
            for (String schemeName : requirement.keySet()) {
                SecurityScheme scheme = api.getComponents().getSecuritySchemes().get(schemeName);
                if (scheme == null || scheme.getType() == null) {
                    continue;
                }
                switch (scheme.getType()) {
                    case HTTP -> {
                        String kind = String.valueOf(scheme.getScheme()).toLowerCase(Locale.ROOT);
                        if (kind.equals("bearer") || kind.equals("basic")) {
                            return new CurlCommand.SuggestedConnection(kind, "Authorization");
                        }
                    }
                    case APIKEY -> {
                        if (scheme.getIn() == SecurityScheme.In.HEADER) {
                            return new CurlCommand.SuggestedConnection("api_key", scheme.getName());
                        }
                    }
                    case OAUTH2, OPENIDCONNECT -> {
                        return new CurlCommand.SuggestedConnection("bearer", "Authorization");
                    }
                    default -> {}
                }
            }
        }
        return null;
    }

    private String type(Schema<?> schema, String what, List<String> unsupported) {
        String type = schema == null ? null : typeName(schema);
        if (type == null || "object".equals(type) || "array".equals(type)) {
            unsupported.add(what + " (" + (type == null ? "no type" : "an " + type) + "; taken as a string)");
            return "string";
        }
        return actionType(type);
    }

    private static String actionType(String schemaType) {
        return switch (schemaType == null ? "" : schemaType) {
            case "integer" -> "integer";
            case "number" -> "decimal";
            case "boolean" -> "boolean";
            default -> "string";
        };
    }

    /** The schema's type: 3.0's {@code type}, or 3.1's first non-null one of {@code types}. */
    private static String typeName(Schema<?> schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        if (schema.getTypes() != null) {
            return schema.getTypes().stream()
                    .filter(t -> !"null".equals(t))
                    .findFirst()
                    .orElse(null);
        }
        return null;
    }

    /** {@code schema}, or the component it references inside the document (null if none). */
    private Schema<?> schema(Schema<?> schema) {
        for (int hops = 0; schema != null && schema.get$ref() != null && hops < 10; hops++) {
            schema = api.getComponents() == null || api.getComponents().getSchemas() == null
                    ? null
                    : api.getComponents().getSchemas().get(refName(schema.get$ref()));
        }
        return schema;
    }

    private Parameter resolve(Parameter parameter) {
        if (parameter.get$ref() == null) {
            return parameter;
        }
        return api.getComponents() == null || api.getComponents().getParameters() == null
                ? null
                : api.getComponents().getParameters().get(refName(parameter.get$ref()));
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** {@code raw} as an input name ([a-z][a-z0-9_]*, at most 64), made unique among {@code taken}. */
    static String inputName(String raw, Set<String> taken) {
        String name = raw.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^[_0-9]+|_+$", "");
        if (name.isEmpty()) {
            name = "value";
        }
        name = name.length() > 60 ? name.substring(0, 60) : name;
        String unique = name;
        for (int i = 2; taken.contains(unique); i++) {
            unique = name + "_" + i;
        }
        return unique;
    }
}
