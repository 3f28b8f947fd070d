package dev.customactions.action;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
        "Get Shopify order, get_shopify_order",
        "  Refund — full (EUR)!, refund_full_eur",
        "Über Bestellung, uber_bestellung",
        "'', action",
        "---, action"
    })
    void aToolIsNamedAfterItsAction(String actionName, String toolName) {
        assertEquals(toolName, AgentTool.name(actionName));
    }

    @Test
    void aLongNameIsCutWithoutATrailingSeparator() {
        String name = AgentTool.name("a".repeat(63) + " b" + "c".repeat(20));
        assertEquals("a".repeat(63), name);
    }

    @Test
    void inputsAndOutputsAreJsonSchemasAsStrictAsTheTypes() throws Exception {
        var action = new ActionDefinition(
                "Fetch an order",
                "get",
                "https://shop.example.com/orders/{{order_id}}",
                null,
                null,
                null,
                List.of(
                        new ActionDefinition.DataInput("order_id", "integer", true, null, "The order number"),
                        new ActionDefinition.DataInput(
                                "currency", "string", false, JsonNodeFactory.instance.textNode("EUR"), null),
                        new ActionDefinition.DataInput("amount", "decimal", null, null, null),
                        new ActionDefinition.DataInput("notify", "boolean", false, null, null)),
                List.of(
                        new ActionDefinition.ResponseField("status", "$.order.status", "string", false),
                        new ActionDefinition.ResponseField("total", "$.order.total", "decimal", null),
                        new ActionDefinition.ResponseField("token", "$.token", "integer", true)),
                null,
                null,
                null,
                null,
                null);
        assertEquals(JSON.readTree("""
                        {"type": "object",
                         "properties": {
                           "order_id": {"type": "integer", "minimum": -9223372036854775808,
                                        "maximum": 9223372036854775807, "description": "The order number"},
                           "currency": {"type": "string", "default": "EUR", "examples": ["EUR"]},
                           "amount": {"type": "number"},
                           "notify": {"type": "boolean"}},
                         "required": ["order_id"],
                         "additionalProperties": false}"""), AgentTool.inputSchema(action));
        assertEquals(JSON.readTree("""
                        {"type": "object",
                         "properties": {"status": {"type": ["string", "null"]}, "total": {"type": ["number", "null"]},
                                        "token": {"type": ["string", "null"]}}}"""), AgentTool.outputSchema(action));
    }
}
