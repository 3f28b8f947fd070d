package dev.customactions.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class InputTypeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachCaseOfTheTableIsAcceptedOrRefusedAsItSays() throws Exception {
        for (var testCase : LanguageCases.TYPED_VALUES) {
            InputType type = InputType.of(testCase.type()).orElseThrow();
            assertEquals(testCase.accepted(), type.accepts(JSON.readTree(testCase.json())), testCase.toString());
        }
    }

    @Test
    void textIsConvertedOnlyFromTheExactLiteral() {
        assertEquals(42L, InputType.INTEGER.fromText("42").orElseThrow().longValue());
        assertTrue(InputType.INTEGER.fromText("42.0").isEmpty());
        assertTrue(InputType.INTEGER.fromText("9223372036854775808").isEmpty());
        assertTrue(InputType.INTEGER.fromText("042").isEmpty());
        assertEquals(
                "52.50",
                InputType.DECIMAL.fromText("52.50").orElseThrow().decimalValue().toPlainString());
        assertTrue(InputType.BOOLEAN.fromText("True").isEmpty());
        assertEquals("x", InputType.STRING.fromText("x").orElseThrow().textValue());
    }

    @Test
    void aNumberBeyondADoublesRangeInAResponseIsNoValueOfANumericType() throws Exception {
        // Read as infinity, which JSON can't write back: refused as any other wrong value, not an exception.
        for (String literal : new String[] {"1e400", "-1e400"}) {
            assertTrue(InputType.DECIMAL.fromResponse(JSON.readTree(literal)).isEmpty(), literal);
            assertTrue(InputType.INTEGER.fromResponse(JSON.readTree(literal)).isEmpty(), literal);
        }
        // Held exactly (a decimal read from text), the same value is a number JSON writes as it is.
        assertTrue(InputType.DECIMAL.accepts(DecimalNode.valueOf(new BigDecimal("1e400"))));
        assertEquals(
                0,
                InputType.DECIMAL
                        .fromResponse(JSON.readTree("1e300"))
                        .orElseThrow()
                        .decimalValue()
                        .compareTo(new BigDecimal("1e300")));
    }

    @Test
    void wireNamesAreTheApis() {
        assertEquals("string, integer, decimal, boolean", InputType.wireNames());
        assertTrue(InputType.of("float").isEmpty());
    }
}
