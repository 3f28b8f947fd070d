package dev.customactions.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends generated hostile requests to every operation of a running service's OpenAPI document
 * and checks each answer: 2xx, or 4xx with Intercom's error list, never 5xx, never slow. For each
 * operation it builds a plausible request from the document (its examples, else its schemas),
 * then sends variants that each spoil one thing: a body field replaced by every JSON type, NUL,
 * lone surrogates (escaped and as raw bytes), huge strings and numbers, deep nesting, duplicated
 * keys, null in arrays; the whole body malformed; a path or query parameter hostile; the URI,
 * headers or declared body too large. Requests go over a plain socket, so what no HTTP client
 * would send (bad escapes, raw bytes) is sent too. The same seed sends the same requests.
 */
public final class HostileRequests {

    /** The seed when the build sets none ({@code -Dhostile.seed=...} replays another). */
    public static final long DEFAULT_SEED = 20_260_216L;

    /** How long an answer may take. */
    public static final int ANSWER_MILLIS = 5_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MARKER = "\u0001hostile\u0001";
    private static final String QUOTED_MARKER = "\"\\u0001hostile\\u0001\"";
    private static final int MAX_REF_DEPTH = 6;
    /**
     * Marks a request that is not valid HTTP: the HTTP server refuses it (400) before any code of
     * the service runs, without a body.
     */
    private static final String PROTOCOL = "not HTTP: ";
    /** Prefix of a variant that must get a 4xx with the error list, never a 2xx. */
    private static final String MUST_REFUSE = "must be refused: ";

    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    /** JSON texts that replace one field's value; byte arrays are sent as they are. */
    private static final List<Object> VALUES = List.of(
            "\"Ja\\u0000ne\"",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\"x\\udc00y\"",
            "\"\\ud83d\"",
            "\"\\ud83d\\ude00 ok\"",
            new byte[] {'"', 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
            new byte[] {'"', (byte) 0xC3, '(', '"'},
            new byte[] {'"', 'a', 0, 'b', '"'},
            "\"" + "x".repeat(5_000) + "\"",
            "\"" + "y".repeat(300_000) + "\"",
            "\"\"",
            "\"   \"",
            "0",
            "-1",
            "1.5",
            "-0.0",
            "2147483648",
            "-9223372036854775809",
            "99999999999999999999999999",
            "1e400",
            "1e1000000000",
            "-1e-1000000000",
            "1" + "0".repeat(150),
            "NaN",
            "true",
            "false",
            "null",
            "[]",
            "{}",
            "[null]",
            "[null, null]",
            "[1, \"a\", {}, []]",
            "{\"\\u0000\": 1}",
            "{\"k\\ud800\": \"v\"}",
            "{\"a\": 1, \"a\": 2}",
            "[\"a\\u0000\"]",
            "[".repeat(70) + "]".repeat(70),
            "{\"a\":".repeat(70) + "1" + "}".repeat(70),
            "\"2026-02-30T25:61:00Z\"",
            "\"not-a-uuid\"",
            "\"https://169.254.169.254/latest\"",
            "\"{{x}}\"");

    /** Whole bodies. */
    private static final List<Object> BODIES = List.of(
            "",
            " ",
            "{",
            "{\"a\": }",
            "[]",
            "[null]",
            "\"text\"",
            "\"\\u0000\"",
            "null",
            "1e1000000000",
            "true",
            "{\"\\u0000\": 1}",
            "{\"a\\udc00\": 1}",
            "[".repeat(100_000),
            "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000),
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
            new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'});

    /** Raw (already escaped) values that replace one path or query parameter. */
    private static final List<String> PARAMETERS = List.of(
            "%00",
            "a%00b",
            "%ED%A0%80",
            "%ED%B0%80x",
            "%zz",
            "%",
            "%C3",
            "%FF",
            "%C0%AF",
            "x%2Fy",
            "%2e%2e",
            "..",
            "%20",
            "",
            "-1",
            "0",
            "99999999999999999999",
            "1e400",
            "1.5",
            "true",
            "null",
            "not-a-uuid",
            "00000000-0000-0000-0000-000000000000",
            "%F0%9F%98%80",
            "x".repeat(3_000),
            "%27%3B--",
            "%7B%7Bx%7D%7D");

    /** Content types sent instead of application/json. */
    private static final List<String> CONTENT_TYPES = List.of(
            "text/plain",
            "application/json; charset=x-nope",
            "application/json; charset=utf-16",
            "application/json; charset=\"",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "*/*",
            ";;;",
            "application/json;;a=b=c");

    /** One request sent and what came back. */
    public record Exchange(String method, String target, String variant, int status, String body, long millis) {}

    /** What a run sent: how many requests, the answers by status, the bad answers. */
    public record Report(long seed, int sent, Map<Integer, Integer> statuses, List<Exchange> failures) {}

    private record Operation(String method, String path, List<JsonNode> parameters, JsonNode body) {}

    private final String host;
    private final int port;
    private final String token;
    private final JsonNode document;
    private final Random random;
    private final int budget;

    /** The seed of this build's run: {@code hostile.seed}, else {@link #DEFAULT_SEED}. */
    public static long seed() {
        return Long.getLong("hostile.seed", DEFAULT_SEED);
    }

    private HostileRequests(URI base, String token, JsonNode document, long seed, int budget) {
        this.host = base.getHost();
        this.port = base.getPort();
        this.token = token;
        this.document = document;
        this.random = new Random(seed);
        this.budget = budget;
    }

    /**
     * Reads the OpenAPI document of the service at {@code base} and sends hostile requests to each
     * of its operations with {@code token}, about {@code perOperation} each, chosen by {@code seed}.
     */
    public static Report run(URI base, String token, long seed, int perOperation) throws IOException {
        var probe = new HostileRequests(base, token, null, seed, perOperation);
        Exchange openApi = probe.send("GET", "/q/openapi?format=json", "openapi", Map.of(), null);
        if (openApi.status() != 200) {
            throw new IllegalStateException("No OpenAPI document at " + base + ": " + openApi.status());
        }
        return new HostileRequests(base, token, MAPPER.readTree(openApi.body()), seed, perOperation).sendAll(seed);
    }

    private Report sendAll(long seed) throws IOException {
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<Exchange> failures = new ArrayList<>();
        int sent = 0;
        for (Operation operation : operations()) {
            for (Variant variant : variants(operation)) {
                Exchange exchange =
                        send(operation.method(), variant.target(), variant.name(), variant.headers(), variant.body());
                sent++;
                statuses.merge(exchange.status(), 1, Integer::sum);
                if (!acceptable(exchange)) {
                    failures.add(exchange);
                }
            }
        }
        return new Report(seed, sent, statuses, failures);
    }

    /** 2xx (not for a variant that must be refused), or a 4xx with the error list, in time. */
    public static boolean acceptable(Exchange exchange) {
        if (exchange.millis() > ANSWER_MILLIS) {
            return false;
        }
        if (exchange.variant().startsWith(PROTOCOL)) {
            return exchange.status() == 400;
        }
        if (exchange.status() >= 200 && exchange.status() < 300) {
            return !exchange.variant().startsWith(MUST_REFUSE);
        }
        if (exchange.status() < 400 || exchange.status() >= 500) {
            return false;
        }
        try {
            JsonNode body = MAPPER.readTree(exchange.body());
            if (body == null
                    || !"error.list".equals(body.path("type").asText())
                    || !body.path("request_id").isTextual()
                    || !body.path("errors").isArray()
                    || body.path("errors").isEmpty()) {
                return false;
            }
            for (JsonNode error : body.path("errors")) {
                if (!error.path("code").isTextual() || !error.path("message").isTextual()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                operation.path("parameters").forEach(parameter -> parameters.add(resolve(parameter)));
                JsonNode content =
                        resolve(operation.path("requestBody")).path("content").path("application/json");
                operations.add(new Operation(
                        method.toUpperCase(Locale.ROOT),
                        path.getKey(),
                        parameters,
                        content.isMissingNode() ? null : content));
            }
        }
        return operations;
    }

    // A request to send, never compared: the body is bytes as they go on the wire.
    @SuppressWarnings("ArrayRecordComponent")
    private record Variant(String name, String target, Map<String, String> headers, byte[] body) {}

    private List<Variant> variants(Operation operation) {
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> queryValues = new LinkedHashMap<>();
        for (JsonNode parameter : operation.parameters()) {
            String value = encode(sample(resolve(parameter.path("schema")), 0).asText());
            switch (parameter.path("in").asText()) {
                case "path" -> pathValues.put(parameter.path("name").asText(), value);
                case "query" -> queryValues.put(parameter.path("name").asText(), value);
                default -> {}
            }
        }
        JsonNode baseline = operation.body() == null ? null : baselineBody(operation.body());
        byte[] baselineBytes = baseline == null ? null : bytes(baseline.toString());
        List<Variant> all = new ArrayList<>();
        all.add(new Variant(
                "as documented", target(operation.path(), pathValues, queryValues), Map.of(), baselineBytes));
        for (String name : pathValues.keySet()) {
            for (String hostile : PARAMETERS) {
                var values = new LinkedHashMap<>(pathValues);
                values.put(name, hostile);
                all.add(new Variant(
                        uriKind(hostile) + "path " + name + "=" + shorten(hostile),
                        target(operation.path(), values, queryValues),
                        Map.of(),
                        baselineBytes));
            }
        }
        List<String> queryNames = new ArrayList<>(queryValues.keySet());
        queryNames.add("%00unknown");
        queryNames.add("unknown%ED%A0%80");
        for (String name : queryNames) {
            for (String hostile : PARAMETERS) {
                var values = new LinkedHashMap<>(queryValues);
                values.put(name, hostile);
                all.add(new Variant(
                        uriKind(hostile) + "query " + name + "=" + shorten(hostile),
                        target(operation.path(), pathValues, values),
                        Map.of(),
                        baselineBytes));
            }
        }
        String target = target(operation.path(), pathValues, queryValues);
        all.add(new Variant(
                "huge query",
                target + (queryValues.isEmpty() ? "?" : "&") + "q=" + "q".repeat(100_000),
                Map.of(),
                baselineBytes));
        all.add(new Variant("huge header", target, Map.of("X-Padding", "p".repeat(40_000)), baselineBytes));
        all.add(new Variant("many headers", target, manyHeaders(), baselineBytes));
        all.add(new Variant("huge declared body", target, Map.of("Content-Length", "20000000"), null));
        all.add(new Variant(
                PROTOCOL + "control character in a header",
                target,
                Map.of("Intercom-Version", "a\u0001b"),
                baselineBytes));
        all.add(new Variant(
                "odd header", target, Map.of("Intercom-Version", "a\u00ff\u00e9 %00 \\u0000"), baselineBytes));
        all.add(new Variant("accept nothing we make", target, Map.of("Accept", "text/csv"), baselineBytes));
        if (baseline != null) {
            for (String type : CONTENT_TYPES) {
                all.add(new Variant("content type " + type, target, Map.of("Content-Type", type), baselineBytes));
            }
            for (Object body : BODIES) {
                all.add(new Variant("body " + shorten(describe(body)), target, Map.of(), asBytes(body)));
            }
            all.add(new Variant("duplicated key", target, Map.of(), duplicateFirstKey(baseline)));
            for (String field : fields(baseline, "")) {
                for (Object value : VALUES) {
                    all.add(new Variant(
                            field + " = " + shorten(describe(value)),
                            target,
                            Map.of(),
                            withValue(baseline, field, value)));
                }
                all.add(new Variant(
                        field + " with a NUL key beside it", target, Map.of(), withSiblingKey(baseline, field)));
            }
        }
        int always = 1;
        if (baseline != null) {
            // Sent every time: strict JSON is one value, and a body may start with a UTF-8 byte order mark.
            all.add(
                    always++,
                    new Variant(
                            MUST_REFUSE + "data after the JSON body",
                            target,
                            Map.of(),
                            bytes(baseline + " {\"more\": 1}")));
            var bom = new ByteArrayOutputStream();
            bom.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            bom.writeBytes(baselineBytes);
            all.add(
                    always++,
                    new Variant("the documented body after a UTF-8 BOM", target, Map.of(), bom.toByteArray()));
        }
        List<Variant> chosen = new ArrayList<>(all.subList(0, always));
        List<Variant> rest = new ArrayList<>(all.subList(always, all.size()));
        Collections.shuffle(rest, random);
        chosen.addAll(rest.subList(0, Math.min(rest.size(), Math.max(0, budget - always))));
        return chosen;
    }

    /** A URI with a malformed escape is not valid HTTP (RFC 3986); the HTTP server refuses it. */
    private static String uriKind(String raw) {
        return BAD_ESCAPE.matcher(raw).find() ? PROTOCOL : "";
    }

    private static Map<String, String> manyHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            headers.put("X-Many-" + i, "v".repeat(80));
        }
        return headers;
    }

    private JsonNode baselineBody(JsonNode content) {
        for (JsonNode example : content.path("examples")) {
            JsonNode value = resolve(example).path("value");
            if (value.isTextual()) {
                try {
                    return MAPPER.readTree(value.textValue());
                } catch (IOException e) {
                    continue;
                }
            }
            if (!value.isMissingNode()) {
                return value;
            }
        }
        return sample(resolve(content.path("schema")), 0);
    }

    /** A plausible value of {@code schema}. */
    private JsonNode sample(JsonNode schema, int depth) {
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        for (String combined : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combined) && !schema.get(combined).isEmpty()) {
                return sample(resolve(schema.get(combined).get(0)), depth + 1);
            }
        }
        String type = typeOf(schema);
        String format = schema.path("format").asText();
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < MAX_REF_DEPTH) {
                    schema.path("properties")
                            .properties()
                            .forEach(property ->
                                    object.set(property.getKey(), sample(resolve(property.getValue()), depth + 1)));
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < MAX_REF_DEPTH) {
                    array.add(sample(resolve(schema.path("items")), depth + 1));
                }
                yield array;
            }
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            default ->
                switch (format) {
                    case "uuid" -> NODES.textNode(new UUID(random.nextLong(), random.nextLong()).toString());
                    case "date-time" -> NODES.textNode("2026-01-01T00:00:00Z");
                    case "date" -> NODES.textNode("2026-01-01");
                    default -> NODES.textNode("v" + Integer.toString(random.nextInt(1_000_000), 36));
                };
        };
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (!"null".equals(one.asText())) {
                    return one.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode resolved = node;
        for (int i = 0; i < MAX_REF_DEPTH && resolved.has("$ref"); i++) {
            JsonNode target = document;
            for (String part :
                    resolved.get("$ref").asText().replaceFirst("^#/", "").split("/", -1)) {
                target = target.path(part);
            }
            resolved = target;
        }
        return resolved;
    }

    /** Every field of {@code node} as a path of names and indexes. */
    private static List<String> fields(JsonNode node, String prefix) {
        List<String> fields = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                fields.add(path);
                fields.addAll(fields(field.getValue(), path));
            });
        } else if (node.isArray() && !node.isEmpty()) {
            String path = prefix + "[0]";
            fields.add(path);
            fields.addAll(fields(node.get(0), path));
        }
        return fields;
    }

    private static byte[] withValue(JsonNode baseline, String field, Object value) {
        JsonNode copy = baseline.deepCopy();
        set(copy, field, NODES.textNode(MARKER));
        return replaceMarker(copy.toString(), value);
    }

    private static byte[] withSiblingKey(JsonNode baseline, String field) {
        JsonNode copy = baseline.deepCopy();
        set(copy, field, NODES.textNode(MARKER));
        return replaceMarker(copy.toString(), "1, \"k\\u0000\": 1, \"z\": 1".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] duplicateFirstKey(JsonNode baseline) {
        String json = baseline.toString();
        if (!baseline.isObject() || baseline.isEmpty()) {
            return bytes("{\"a\": 1, \"a\": 1}");
        }
        Map.Entry<String, JsonNode> first = baseline.properties().iterator().next();
        String pair =
                MAPPER.valueToTree(Map.of(first.getKey(), first.getValue())).toString();
        return bytes("{" + pair.substring(1, pair.length() - 1) + "," + json.substring(1));
    }

    /** Sets the field at {@code path} ({@code a.b[0].c}) of {@code root} to {@code value}. */
    private static void set(JsonNode root, String path, JsonNode value) {
        List<Object> steps = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!name.isEmpty()) {
                steps.add(name);
            }
            for (int i = bracket; i >= 0; i = part.indexOf('[', i + 1)) {
                steps.add(Integer.parseInt(part.substring(i + 1, part.indexOf(']', i))));
            }
        }
        JsonNode parent = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            parent = steps.get(i) instanceof Integer index ? parent.get(index) : parent.get((String) steps.get(i));
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    private static byte[] replaceMarker(String json, Object value) {
        int at = json.indexOf(QUOTED_MARKER);
        var out = new ByteArrayOutputStream();
        out.writeBytes(bytes(json.substring(0, at)));
        out.writeBytes(asBytes(value));
        out.writeBytes(bytes(json.substring(at + QUOTED_MARKER.length())));
        return out.toByteArray();
    }

    private static byte[] asBytes(Object value) {
        return value instanceof byte[] raw ? raw : bytes((String) value);
    }

    private static String describe(Object value) {
        return value instanceof byte[] raw ? "bytes " + HexFormat.of().formatHex(raw) : (String) value;
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 40) + "...(" + text.length() + " chars)" : text;
    }

    private static String target(String template, Map<String, String> pathValues, Map<String, String> queryValues) {
        String path = template;
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        var query = new StringBuilder();
        for (Map.Entry<String, String> value : queryValues.entrySet()) {
            query.append(query.length() == 0 ? "?" : "&")
                    .append(value.getKey())
                    .append('=')
                    .append(value.getValue());
        }
        return path + query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one request over a new connection and reads the whole answer. */
    private Exchange send(String method, String target, String variant, Map<String, String> headers, byte[] body)
            throws IOException {
        long start = System.nanoTime();
        var head = new StringBuilder();
        head.append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\n")
                .append("Connection: close\r\n");
        if (token != null && !headers.containsKey("Authorization")) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (!headers.containsKey("Accept")) {
            head.append("Accept: application/json\r\n");
        }
        if (body != null && !headers.containsKey("Content-Type")) {
            head.append("Content-Type: application/json\r\n");
        }
        if (!headers.containsKey("Content-Length")) {
            head.append("Content-Length: ")
                    .append(body == null ? 0 : body.length)
                    .append("\r\n");
        }
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), ANSWER_MILLIS);
            socket.setSoTimeout(ANSWER_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before it has read all of a request it refuses.
            }
            byte[] answer = readAll(socket.getInputStream(), start);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return parse(method, target, variant, answer, millis);
        } catch (SocketTimeoutException e) {
            return new Exchange(
                    method, target, variant, -1, "no answer within " + ANSWER_MILLIS + " ms", ANSWER_MILLIS + 1);
        }
    }

    /** Reads until the answer is complete (its length read, its last chunk, or the end of the stream). */
    private static byte[] readAll(InputStream in, long start) throws IOException {
        var answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                answer.write(buffer, 0, read);
                if (complete(answer.toByteArray())) {
                    break;
                }
                if ((System.nanoTime() - start) / 1_000_000 > ANSWER_MILLIS) {
                    throw new SocketTimeoutException();
                }
            }
        } catch (SocketException e) {
            // A reset after the answer was read: keep what came.
            if (answer.size() == 0) {
                throw e;
            }
        }
        return answer.toByteArray();
    }

    private static boolean complete(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
        Matcher length = Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(headers);
        if (length.find()) {
            return answer.length - end - 4 >= Long.parseLong(length.group(1));
        }
        if (headers.contains("transfer-encoding: chunked")) {
            return text.endsWith("\r\n0\r\n\r\n") || text.substring(end + 4).startsWith("0\r\n\r\n");
        }
        return false;
    }

    private static Exchange parse(String method, String target, String variant, byte[] answer, long millis) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Exchange(method, shorten(target), variant, -1, "not an HTTP answer: " + shorten(text), millis);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
        byte[] body = Arrays.copyOfRange(answer, end + 4, answer.length);
        if (headers.contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        return new Exchange(method, shorten(target), variant, status, new String(body, StandardCharsets.UTF_8), millis);
    }

    private static byte[] unchunk(byte[] chunked) {
        var out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText =
                    new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";", -1)[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A readable summary of {@code report}: counts by status and the first bad answers. */
    public static String summary(Report report) {
        var out =
                new StringBuilder("Hostile requests, seed " + report.seed() + ": " + report.sent() + " sent, statuses "
                        + report.statuses() + ", " + report.failures().size() + " unacceptable");
        report.failures().stream().limit(30).forEach(failure -> out.append("\n  ")
                .append(failure.status())
                .append(' ')
                .append(failure.method())
                .append(' ')
                .append(failure.target())
                .append(" [")
                .append(failure.variant())
                .append("] ")
                .append(failure.millis())
                .append(" ms: ")
                .append(
                        failure.body().replace('\n', ' '),
                        0,
                        Math.min(400, failure.body().length())));
        return out.toString();
    }
}
