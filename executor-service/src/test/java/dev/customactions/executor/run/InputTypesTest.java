package dev.customactions.executor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.customactions.action.ActionDefinition.DataInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputTypesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static RunFailure refused(List<DataInput> inputs, Map<String, JsonNode> given) {
        return assertThrows(RunFailure.class, () -> InputTypes.typed(inputs, given));
    }

    @Test
    void textThatCantBeStoredIsAnInvalidInput() {
        var string = List.of(new DataInput("s", "string", true, null, null));
        for (String hostile : List.of("Ja\u0000ne", "Ja\uD800ne", "\uDC00")) {
            RunFailure failure = refused(string, Map.of("s", TextNode.valueOf(hostile)));
            assertEquals(RunFailure.INPUT_INVALID, failure.type());
            assertTrue(failure.getMessage().contains("'s'"), failure.getMessage());
        }
        assertEquals(
                "Jane 🚀",
                InputTypes.typed(string, Map.of("s", TextNode.valueOf("Jane 🚀")))
                        .get("s")
                        .asText());
    }

    @Test
    void valuesMustHaveTheirTypeExactly() throws Exception {
        var integer = List.of(new DataInput("n", "integer", true, null, null));
        var bool = List.of(new DataInput("b", "boolean", true, null, null));
        var string = List.of(new DataInput("s", "string", true, null, null));
        var decimal = List.of(new DataInput("d", "decimal", true, null, null));
        assertEquals(
                RunFailure.INPUT_INVALID,
                refused(integer, Map.of("n", json("3.0"))).type());
        assertEquals(
                RunFailure.INPUT_INVALID,
                refused(integer, Map.of("n", json("\"3\""))).type());
        assertEquals(
                RunFailure.INPUT_INVALID,
                refused(bool, Map.of("b", json("\"true\""))).type());
        assertEquals(
                RunFailure.INPUT_INVALID, refused(bool, Map.of("b", json("1"))).type());
        assertEquals(
                RunFailure.INPUT_INVALID,
                refused(string, Map.of("s", json("42"))).type());
        assertEquals(
                RunFailure.INPUT_INVALID,
                refused(decimal, Map.of("d", json("\"1.5\""))).type());
        assertEquals(
                json("3"), InputTypes.typed(integer, Map.of("n", json("3"))).get("n"));
        assertEquals(
                json("1.5"), InputTypes.typed(decimal, Map.of("d", json("1.5"))).get("d"));
        assertEquals(
                json("2"), InputTypes.typed(decimal, Map.of("d", json("2"))).get("d"));
        assertEquals(
                json("true"), InputTypes.typed(bool, Map.of("b", json("true"))).get("b"));
    }

    @Test
    void aMissingRequiredInputFailsAndADefaultFillsIn() throws Exception {
        var inputs = List.of(
                new DataInput("order_id", "string", true, null, null),
                new DataInput("limit", "integer", false, json("5"), null),
                new DataInput("note", "string", false, null, null));
        RunFailure missing = refused(inputs, Map.of());
        assertEquals(RunFailure.INPUT_MISSING, missing.type());
        assertEquals("The required input 'order_id' has no value", missing.getMessage());
        var typed = InputTypes.typed(inputs, Map.of("order_id", json("\"1001\"")));
        assertEquals("{order_id=\"1001\", limit=5}", typed.toString());
        assertEquals(
                RunFailure.INPUT_INVALID,
                refused(inputs, Map.of("order_id", json("\"1\""), "extra", json("1")))
                        .type());
    }

    @Test
    void textFromAnEventConvertsOnlyFromItsExactLiteral() {
        assertEquals(LongNode.valueOf(1001), InputTypes.fromText("n", "integer", "1001"));
        assertEquals("true", InputTypes.fromText("b", "boolean", "true").toString());
        assertEquals(
                "2.50",
                InputTypes.fromText("d", "decimal", "2.50").decimalValue().toPlainString());
        for (String bad : List.of("1001.0", " 1001", "01", "1e3", "", "0x10", "+1")) {
            assertEquals(
                    RunFailure.INPUT_INVALID,
                    assertThrows(RunFailure.class, () -> InputTypes.fromText("n", "integer", bad))
                            .type(),
                    bad);
        }
        for (String bad : List.of("True", "yes", "1", "")) {
            assertThrows(RunFailure.class, () -> InputTypes.fromText("b", "boolean", bad), bad);
        }
    }
}
