package dev.customactions.executor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.customactions.action.ActionDefinition.KeyValue;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Escaping for where a value lands, checked with hostile values and many generated ones. */
class TemplatesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> HOSTILE = List.of(
            "",
            "a b",
            "\"quoted\"",
            "it's",
            "a/b",
            "../../admin",
            "..",
            ".",
            "{{order_id}}",
            "}}{{",
            "line\nbreak",
            "cr\rlf",
            "tab\tx",
            "ünïcødé ✓ 🚀",
            "100%",
            "a?b=c&d=e",
            "#fragment",
            "user@evil.com",
            "back\\slash",
            "<script>alert(1)</script>",
            "null",
            "\u0000nul",
            "\u2028sep",
            "evil.com:443",
            "%2e%2e%2f");

    /** Hostile values plus random strings over an alphabet of characters that mean something in URLs, JSON and headers. */
    static List<String> values() {
        var values = new ArrayList<>(HOSTILE);
        var random = new Random(20261122);
        String alphabet = "ab/.?#&=%+:@{}[]\"'\\ \t\r\n\u0000é✓🚀<>;,$!*()";
        for (int i = 0; i < 500; i++) {
            var value = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                value.appendCodePoint(alphabet.codePoints()
                        .skip(random.nextInt((int) alphabet.codePoints().count()))
                        .findFirst()
                        .getAsInt());
            }
            values.add(value.toString());
        }
        return values;
    }

    @Test
    void aValueInThePathStaysOneSegmentAndDecodesToItself() {
        for (String value : values()) {
            URI url = Templates.url(
                    "https://shop.example.com/orders/{{order_id}}.json", List.of(), name -> TextNode.valueOf(value));
            assertEquals("shop.example.com", url.getHost(), value);
            assertEquals(-1, url.getPort(), value);
            assertEquals(null, url.getRawQuery(), value);
            assertEquals(null, url.getRawFragment(), value);
            String raw = url.getRawPath();
            assertTrue(raw.startsWith("/orders/") && raw.endsWith(".json"), value);
            String segment = raw.substring("/orders/".length(), raw.length() - ".json".length());
            assertTrue(segment.indexOf('/') < 0, value);
            assertEquals(value, URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8), value);
        }
    }

    @Test
    void aDotSegmentValueCannotClimbThePath() {
        URI url = Templates.url("https://shop.example.com/orders/{{id}}", List.of(), name -> TextNode.valueOf(".."));
        assertEquals("/orders/%2E%2E", url.getRawPath());
        assertEquals("/orders/%2E%2E", url.normalize().getRawPath());
    }

    @Test
    void aQueryValueStaysOneParameter() {
        for (String value : values()) {
            URI url = Templates.url(
                    "https://shop.example.com/orders",
                    List.of(new KeyValue("q", "{{term}}"), new KeyValue("limit", "5")),
                    name -> TextNode.valueOf(value));
            String[] pairs = url.getRawQuery().split("&", -1);
            assertEquals(2, pairs.length, value);
            assertEquals("q=" + Templates.encode(value), pairs[0]);
            assertEquals(value, URLDecoder.decode(pairs[0].substring(2).replace("+", "%2B"), StandardCharsets.UTF_8));
            assertEquals("limit=5", pairs[1]);
        }
    }

    @Test
    void aValueInTheBodyIsJsonEscapedAndReadsBackAsItself() throws Exception {
        var template = JSON.readTree(
                "{\"note\": \"Order {{order_id}} please\", \"id\": \"{{order_id}}\", \"tags\": [\"{{order_id}}\"]}");
        for (String value : values()) {
            JsonNode body = Templates.body(template, name -> TextNode.valueOf(value));
            JsonNode reread = JSON.readTree(body.toString());
            assertEquals("Order " + value + " please", reread.get("note").textValue());
            assertEquals(value, reread.get("id").textValue());
            assertEquals(value, reread.get("tags").get(0).textValue());
            assertEquals(3, reread.size());
        }
    }

    @Test
    void aLonePlaceholderOfANumberOrBooleanBecomesThatJsonValue() throws Exception {
        var template = JSON.readTree(
                "{\"quantity\": \"{{quantity}}\", \"gift\": \"{{gift}}\", \"note\": \"x{{quantity}}\", \"none\": \"{{missing}}\"}");
        Map<String, JsonNode> values = Map.of("quantity", LongNode.valueOf(3), "gift", BooleanNode.TRUE);
        JsonNode body = Templates.body(template, values::get);
        assertEquals("{\"quantity\":3,\"gift\":true,\"note\":\"x3\",\"none\":null}", body.toString());
    }

    @Test
    void aHeaderRefusesControlCharactersAndKeepsEverythingElse() {
        for (String value : values()) {
            boolean control = value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
            if (control) {
                RunFailure failure = assertThrows(
                        RunFailure.class,
                        () -> Templates.header("X-Order", "id {{v}}", name -> TextNode.valueOf(value)),
                        value);
                assertEquals(RunFailure.RENDER_FAILED, failure.type());
            } else {
                assertEquals("id " + value, Templates.header("X-Order", "id {{v}}", name -> TextNode.valueOf(value)));
            }
        }
    }

    @Test
    void placeholdersInsideValuesAreNotExpandedAgain() throws Exception {
        Map<String, JsonNode> values = Map.of("a", TextNode.valueOf("{{b}}"), "b", TextNode.valueOf("secret"));
        assertEquals("x{{b}}", Templates.header("X", "x{{a}}", values::get));
        assertEquals(
                "\"{{b}}\"",
                Templates.body(JSON.readTree("\"{{a}}\""), values::get).toString());
        assertEquals(
                "/p/%7B%7Bb%7D%7D",
                Templates.url("https://h.example/p/{{a}}", List.of(), values::get)
                        .getRawPath());
    }
}
