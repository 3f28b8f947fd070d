package dev.customactions.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.error.ErrorList;
import dev.customactions.common.error.JsonErrors;
import dev.customactions.common.text.StorableText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {

    private static final ObjectMapper MAPPER =
            StrictJson.apply(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));

    record Contact(String type, String externalId, String name) {}

    // An array component on purpose: strict JSON reads arrays into Java arrays too.
    @SuppressWarnings("ArrayRecordComponent")
    record Request(
            String eventId,
            Contact contact,
            List<String> tags,
            String[] labels,
            Map<String, Object> customAttributes,
            Map<String, String> headers,
            JsonNode body,
            ObjectNode query,
            ArrayNode items,
            Object value,
            Integer count,
            Long total,
            Map<String, JsonNode> attributes) {}

    /** The refusal {@code json} read as a {@link Request} gets, as answered. */
    private static ErrorList.Error refusal(String json) {
        return refusal(json, Request.class);
    }

    private static ErrorList.Error refusal(String json, Class<?> type) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(json, type));
        ApiException api = JsonErrors.refusal(e);
        assertEquals(400, api.status());
        assertEquals(1, api.errors().size());
        return api.errors().get(0);
    }

    private static ErrorList.Error treeRefusal(String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> MAPPER.readTree(json));
        return JsonErrors.refusal(e).errors().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ja\\u0000ne", "\\ud800", "x\\udc00y", "\\udbff", "end\\ud83d"})
    void unstorableTextInANestedStringIsRefusedNamingTheField(String text) {
        ErrorList.Error error = refusal("{\"contact\": {\"type\": \"user\", \"name\": \"" + text + "\"}}");
        assertEquals("contact.name", error.field());
        assertEquals(ErrorCodes.PARAMETER_INVALID, error.code());
        assertTrue(error.message().startsWith("contact.name holds "), error.message());
    }

    @Test
    void nulIsNamedAsNul() {
        assertEquals(
                "event_id holds a NUL character (U+0000)",
                refusal("{\"event_id\": \"a\\u0000\"}").message());
        assertEquals(
                "event_id holds an unpaired surrogate (U+D800)",
                refusal("{\"event_id\": \"\\ud800\"}").message());
    }

    @Test
    void storableTextIsRead() throws Exception {
        Request request = MAPPER.readValue("""
                {"event_id": "évt 😀 \\ud83d\\ude00 中文 \\u0001 \\uffff", "contact": {"name": "Zoë"},
                 "custom_attributes": {"a": null, "b": [1, "x", null, {"c": true}]}, "body": {"k": ["v", null]}}""", Request.class);
        assertEquals("évt 😀 😀 中文 \u0001 \uffff", request.eventId());
        assertEquals("Zoë", request.contact().name());
        assertEquals(4, ((List<?>) request.customAttributes().get("b")).size());
        assertEquals("v", request.body().get("k").get(0).textValue());
    }

    @Test
    void listElementsAreChecked() {
        assertEquals("tags[1]", refusal("{\"tags\": [\"ok\", \"b\\u0000d\"]}").field());
        assertEquals(
                "labels[2]",
                refusal("{\"labels\": [\"a\", \"b\", \"\\udfff\"]}").field());
    }

    @Test
    void dataAfterTheJsonValueIsRefused() {
        ErrorList.Error error = refusal("{\"event_id\": \"a\"} {\"event_id\": \"b\"}");
        assertEquals("The body has data after its JSON value (a body is one value)", error.message());
        assertEquals(
                "The body has data after its JSON value (a body is one value)",
                treeRefusal("{\"a\": 1} {\"b\": 2}").message());
        assertEquals(
                "The body is not valid JSON", treeRefusal("{\"a\": 1} trailing").message());
    }

    @Test
    void nullInATypedListIsRefused() {
        ErrorList.Error error = refusal("{\"tags\": [\"a\", null]}");
        assertEquals("tags[1]", error.field());
        assertEquals("tags[1] must not be null", error.message());
    }

    @Test
    void untypedValuesAreCheckedAtAnyDepth() {
        assertEquals(
                "custom_attributes.foo",
                refusal("{\"custom_attributes\": {\"foo\": \"\\u0000\"}}").field());
        assertEquals(
                "custom_attributes.foo.bar[2]",
                refusal("{\"custom_attributes\": {\"foo\": {\"bar\": [1, 2, \"\\ud800\"]}}}")
                        .field());
        assertEquals("value", refusal("{\"value\": \"\\u0000\"}").field());
        assertEquals(
                "value[0].x", refusal("{\"value\": [{\"x\": \"\\u0000\"}]}").field());
    }

    @Test
    void mapKeysAreChecked() {
        ErrorList.Error error = refusal("{\"custom_attributes\": {\"fo\\u0000o\": 1}}");
        assertEquals("custom_attributes.fo\\u0000o", error.field());
        assertTrue(error.message().contains("holds a NUL"), error.message());
        assertEquals(
                "custom_attributes.x.a\\uD800",
                refusal("{\"custom_attributes\": {\"x\": {\"a\\ud800\": 1}}}").field());
        assertEquals(
                "headers.k\\u0000",
                refusal("{\"headers\": {\"k\\u0000\": \"v\"}}").field());
        assertEquals(
                "headers.k", refusal("{\"headers\": {\"k\": \"v\\u0000\"}}").field());
        assertEquals(
                "attributes.st\\uD800",
                refusal("{\"attributes\": {\"st\\ud800\": \"x\"}}").field());
        assertEquals(
                "attributes.s[0]",
                refusal("{\"attributes\": {\"s\": [\"\\u0000\"]}}").field());
    }

    @Test
    void treesAreCheckedValuesAndKeys() {
        assertEquals(
                "body.items[2].x",
                refusal("{\"body\": {\"items\": [1, {}, {\"x\": \"\\u0000\"}]}}")
                        .field());
        assertEquals(
                "body.a.b\\u0000",
                refusal("{\"body\": {\"a\": {\"b\\u0000\": 1}}}").field());
        assertEquals("query.q", refusal("{\"query\": {\"q\": \"\\udc00\"}}").field());
        assertEquals(
                "items[0][1]", refusal("{\"items\": [[\"a\", \"\\u0000\"]]}").field());
    }

    @Test
    void aWholeTreeIsChecked() {
        assertEquals(
                "contact.name",
                treeRefusal("{\"contact\": {\"name\": \"\\u0000\"}}").field());
        assertEquals("a[3]", treeRefusal("{\"a\": [0, 1, 2, \"\\ud800\"]}").field());
        assertEquals(null, treeRefusal("\"\\u0000\"").field());
    }

    @Test
    void aDuplicatedKeyIsRefusedNamingIt() {
        ErrorList.Error error = treeRefusal("{\"contact\": {\"name\": \"a\", \"name\": \"b\"}}");
        assertEquals("contact.name", error.field());
        assertEquals("contact.name is given more than once", error.message());
        assertEquals(
                "event_id",
                refusal("{\"event_id\": \"a\", \"event_id\": \"a\"}").field());
        assertEquals(
                "custom_attributes.k",
                refusal("{\"custom_attributes\": {\"k\": 1, \"k\": 2}}").field());
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        String ok = "[".repeat(StrictJson.MAX_NESTING_DEPTH) + "]".repeat(StrictJson.MAX_NESTING_DEPTH);
        assertNotNull(MAPPER.readTree(ok));
        int deep = StrictJson.MAX_NESTING_DEPTH + 1;
        ErrorList.Error error = treeRefusal("[".repeat(deep) + "]".repeat(deep));
        assertEquals(ErrorCodes.BAD_REQUEST, error.code());
        assertTrue(error.message().contains("nested more than 64"), error.message());
        assertTrue(refusal("{\"body\": " + "{\"a\": ".repeat(deep) + "1" + "}".repeat(deep) + "}")
                .message()
                .contains("nested"));
        assertTrue(treeRefusal("[".repeat(100_000)).message().contains("nested"));
    }

    @Test
    void numbersOutOfRangeAreRefusedNamingTheField() {
        ErrorList.Error error = refusal("{\"count\": 99999999999}");
        assertEquals("count", error.field());
        assertEquals("count is out of range for its type", error.message());
        assertEquals("total", refusal("{\"total\": 99999999999999999999999}").field());
        assertTrue(refusal("{\"count\": 1" + "0".repeat(StrictJson.MAX_NUMBER_LENGTH) + "}")
                .message()
                .contains("digits"));
    }

    @Test
    void hugeStringsAreRefused() {
        String huge = "x".repeat(StrictJson.MAX_STRING_LENGTH + 1);
        ErrorList.Error error = refusal("{\"event_id\": \"" + huge + "\"}");
        assertTrue(error.message().contains("longer than"), error.message());
        String hugeKey = "k".repeat(StrictJson.MAX_NAME_LENGTH + 1);
        assertTrue(treeRefusal("{\"" + hugeKey + "\": 1}").message().contains("key is longer"));
    }

    @Test
    void wrongTypesAreNamed() {
        assertEquals("count has the wrong type", refusal("{\"count\": \"x\"}").message());
        assertEquals("contact", refusal("{\"contact\": [1]}").field());
        assertEquals("tags", refusal("{\"tags\": {\"a\": 1}}").field());
        assertEquals("query", refusal("{\"query\": [1]}").field());
    }

    record Typed(Integer count, Long total, Double price, Boolean flag, String name) {}

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"count\": 3.0}",
                "{\"count\": 3.5}",
                "{\"count\": \"3\"}",
                "{\"total\": \"3\"}",
                "{\"price\": \"1.5\"}",
                "{\"flag\": \"true\"}",
                "{\"flag\": 1}",
                "{\"name\": 5}",
                "{\"name\": true}",
                "{\"name\": 1.5}"
            })
    void scalarsAreNeverCoerced(String json) {
        ErrorList.Error error = refusal(json, Typed.class);
        String field = json.substring(2, json.indexOf('"', 2));
        assertEquals(field, error.field(), json);
    }

    @Test
    void scalarsOfTheirOwnTypeAreRead() throws Exception {
        assertEquals(
                new Typed(3, 4L, 1.5, true, "x"),
                MAPPER.readValue(
                        "{\"count\": 3, \"total\": 4, \"price\": 1.5, \"flag\": true, \"name\": \"x\"}", Typed.class));
        assertEquals(2.0, MAPPER.readValue("{\"price\": 2}", Typed.class).price(), "an integer is a decimal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\": }", "[1,,2]", "{\"a\" 1}", "nul", "{\"a\": \"\\x\"}", "{\"a\": 01}"})
    void malformedJsonIsABadRequest(String json) {
        ErrorList.Error error = treeRefusal(json);
        assertEquals(ErrorCodes.BAD_REQUEST, error.code());
        assertEquals("The body is not valid JSON", error.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"st\\ud800", "\\udc00", "a\\u0000b"})
    void unstorableTextInAKeyReadFromBytesIsRefusedNamingWhereItStands(String key) {
        byte[] body = ("{\"external_id\": \"1\", \"custom_attributes\": {\"" + key + "\": \"x\"}}")
                .getBytes(StandardCharsets.UTF_8);
        JsonProcessingException e =
                assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(body, JsonNode.class));
        ErrorList.Error error = JsonErrors.refusal(e).errors().get(0);
        assertTrue(error.field() != null && error.field().startsWith("custom_attributes"), error.toString());
    }

    @Test
    void anUnstorableTextExceptionIsAMismatchedInput() {
        JsonProcessingException e = assertThrows(
                JsonProcessingException.class, () -> MAPPER.readValue("{\"event_id\": \"\\u0000\"}", Request.class));
        assertInstanceOf(UnstorableTextException.class, e);
    }

    @Test
    void storedTextFindsOnlyWhatPostgresCannotStore() {
        assertEquals(-1, StorableText.firstUnstorable(""));
        assertEquals(-1, StorableText.firstUnstorable("plain \u00e9 \ud83d\ude00 \u0001 \ufffe"));
        assertEquals(1, StorableText.firstUnstorable("a\u0000"));
        assertEquals(0, StorableText.firstUnstorable("\ude00\ud83d"));
        assertEquals(2, StorableText.firstUnstorable("\ud83d\ude00\ud83d"));
        assertEquals("a\\u0000b\\uD800\ud83d\ude00", StorableText.printable("a\u0000b\ud800\ud83d\ude00", 100));
        assertEquals("ab...", StorableText.printable("abc", 2));
    }
}
