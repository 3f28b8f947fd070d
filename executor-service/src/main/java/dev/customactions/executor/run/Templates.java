package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.action.Placeholders;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders {@code {{placeholder}}} templates (the action language's grammar, {@link Placeholders}), escaping each value for where it lands: percent-encoded
 * in the URL (every byte but the unreserved characters, so a value can't add a path segment, a
 * query or a fragment, nor be a dot segment), likewise in query parameters, JSON-escaped in the
 * body (a placeholder standing alone for a number or boolean becomes that JSON value), and refused
 * in a header when it holds a control character (CR/LF: header injection).
 */
public final class Templates {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Templates() {}

    /** The URL of {@code template} with its query parameters, every value percent-encoded. */
    public static URI url(String template, List<KeyValue> query, Function<String, JsonNode> values) {
        String rendered = substitute(template, values, value -> {
            String text = Placeholders.text(value);
            return ".".equals(text) || "..".equals(text) ? text.replace(".", "%2E") : encode(text);
        });
        var url = new StringBuilder(rendered);
        boolean first = rendered.indexOf('?') < 0;
        for (KeyValue pair : query) {
            String value = substitute(pair.value() == null ? "" : pair.value(), values, Placeholders::text);
            url.append(first ? '?' : '&').append(encode(pair.key())).append('=').append(encode(value));
            first = false;
        }
        try {
            URI uri = new URI(url.toString());
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new RunFailure(RunFailure.RENDER_FAILED, "The rendered URL has no scheme or host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new RunFailure(RunFailure.RENDER_FAILED, "The rendered URL is not valid: " + e.getReason());
        }
    }

    /** A header value; a value with a control character (CR, LF, NUL...) fails with {@code render_failed}. */
    public static String header(String name, String template, Function<String, JsonNode> values) {
        String rendered = substitute(template == null ? "" : template, values, Placeholders::text);
        for (int i = 0; i < rendered.length(); i++) {
            char c = rendered.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new RunFailure(
                        RunFailure.RENDER_FAILED,
                        "The header '" + name + "' would contain a control character (CR/LF are refused in headers)");
            }
        }
        return rendered;
    }

    /**
     * The JSON body of {@code template}: strings are rendered with their placeholders' values; a
     * string that is one placeholder alone takes the value itself (number, boolean, string, or null
     * when the input has no value).
     */
    public static JsonNode body(JsonNode template, Function<String, JsonNode> values) {
        if (template == null || template.isNull()) {
            return null;
        }
        if (template.isTextual()) {
            String bare = bareName(template.textValue());
            if (bare != null) {
                JsonNode value = values.apply(bare);
                return value == null ? NullNode.getInstance() : value;
            }
            return TextNode.valueOf(substitute(template.textValue(), values, Placeholders::text));
        }
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : template.properties()) {
                out.set(field.getKey(), body(field.getValue(), values));
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            template.forEach(element -> out.add(body(element, values)));
            return out;
        }
        return template;
    }

    /** {@code template} with each placeholder replaced by its value's text (no escaping: for values, not requests). */
    public static String render(String template, Function<String, JsonNode> values) {
        return substitute(template, values, Placeholders::text);
    }

    /** The name of the placeholder that is all of {@code template} (spaces aside), or null. */
    public static String bareName(String template) {
        return Placeholders.bareName(template);
    }

    private static String substitute(
            String template, Function<String, JsonNode> values, Function<JsonNode, String> escape) {
        return Placeholders.replace(template, name -> escape.apply(values.apply(name)));
    }

    /**
     * Percent-encodes the UTF-8 bytes of {@code text}, leaving only the unreserved characters
     * ({@code A-Z a-z 0-9 - . _ ~}); a space is {@code %20}.
     */
    static String encode(String text) {
        var out = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
