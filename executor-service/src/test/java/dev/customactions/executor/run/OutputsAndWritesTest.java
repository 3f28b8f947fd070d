package dev.customactions.executor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.ActionDefinition.ObjectMapping;
import dev.customactions.action.ActionDefinition.ResponseField;
import dev.customactions.common.text.StorableText;
import dev.customactions.executor.event.RunCompleted.Reference;
import dev.customactions.executor.event.RunCompleted.Write;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputsAndWritesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORDER = """
            {"order": {"id": 1001, "name": "#1001", "fulfillment_status": "shipped", "total_price": "52.50",
              "confirmed": true, "customer": {"email": "jane@example.com"}, "token": "tok_live_123"},
             "orders": [{"id": 1, "status": "open"}, {"id": 2, "status": "closed"}, {"id": 3, "status": null}]}""";

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void outputsAreReadAndCoercedToTheirType() throws Exception {
        var fields = List.of(
                new ResponseField("status", "$.order.fulfillment_status", "string", false),
                new ResponseField("number", "$.order.id", "integer", false),
                new ResponseField("number_text", "$.order.id", "string", false),
                new ResponseField("total", "$.order.total_price", "decimal", false),
                new ResponseField("confirmed", "$.order.confirmed", "boolean", false),
                new ResponseField("missing", "$.order.tracking.number", "string", false));
        Map<String, JsonNode> outputs = Outputs.extract(fields, json(ORDER));
        assertEquals(
                "{\"status\":\"shipped\",\"number\":1001,\"number_text\":\"1001\",\"total\":52.50,\"confirmed\":true}",
                JSON.writeValueAsString(outputs));
    }

    @Test
    void aValueThatCannotBeItsTypeFailsTheRun() throws Exception {
        var fields = List.of(new ResponseField("status", "$.order.fulfillment_status", "integer", false));
        RunFailure failure = assertThrows(RunFailure.class, () -> Outputs.extract(fields, json(ORDER)));
        assertEquals(RunFailure.MAPPING_FAILED, failure.type());
        assertEquals(
                "The output 'status' ($.order.fulfillment_status) is not a integer in the response",
                failure.getMessage());
    }

    @Test
    void textThatCantBeStoredFailsTheRunAsMappingFailed() throws Exception {
        var fields = List.of(new ResponseField("status", "$.order.status", "string", false));
        for (String hostile : List.of(
                "{\"order\": {\"status\": \"a\\u0000b\"}}",
                "{\"order\": {\"status\": \"a\\ud800b\"}}",
                "{\"order\": {\"status\": [\"ok\", \"\\u0000\"]}}")) {
            RunFailure failure = assertThrows(RunFailure.class, () -> Outputs.extract(fields, json(hostile)));
            assertEquals(RunFailure.MAPPING_FAILED, failure.type(), hostile);
            assertTrue(StorableText.isStorable(failure.getMessage()), "the message quotes nothing unstorable");
        }
        var list = List.of(new ResponseField("ids", "$.orders[*].id", "string", false));
        assertThrows(
                RunFailure.class,
                () -> Outputs.extract(list, json("{\"orders\": [{\"id\": \"1\"}, {\"id\": \"\\u0000\"}]}")));
        assertEquals(
                "fine",
                Outputs.extract(fields, json("{\"order\": {\"status\": \"fine\", \"other\": \"\\u0000\"}}"))
                        .get("status")
                        .asText(),
                "an unused field's text doesn't matter");
    }

    @Test
    void redactedOutputsAreMaskedInWhatIsShown() throws Exception {
        var fields = List.of(
                new ResponseField("token", "$.order.token", "string", true),
                new ResponseField("status", "$.order.fulfillment_status", "string", false));
        var outputs = Outputs.extract(fields, json(ORDER));
        assertEquals("tok_live_123", outputs.get("token").textValue());
        assertEquals("****", Outputs.masked(fields, outputs).get("token").textValue());
        JsonNode shown = Outputs.maskedResponse(fields, json(ORDER));
        assertEquals("****", shown.at("/order/token").textValue());
        assertEquals("shipped", shown.at("/order/fulfillment_status").textValue());
        // An answer of another shape (an error's array, say) is not shown rather than shown unmasked.
        assertEquals(
                "\"****\"",
                Outputs.maskedResponse(fields, json("[{\"token\": \"tok_live_123\"}]"))
                        .toString());
    }

    @Test
    void mappingsBecomeWritesAndAListGivesOneInstancePerElement() throws Exception {
        var fields = List.of(
                new ResponseField("status", "$.order.fulfillment_status", "string", false),
                new ResponseField("order_id", "$.order.id", "string", false),
                new ResponseField("ids", "$.orders[*].id", "string", false),
                new ResponseField("statuses", "$.orders[*].status", "string", false));
        var outputs = Outputs.extract(fields, json(ORDER));
        var mappings = List.of(
                new ObjectMapping("conversation", null, null, Map.of("order_status", "status"), null),
                new ObjectMapping(
                        "custom_object",
                        "Order",
                        "order_id",
                        Map.of("status", "status"),
                        List.of("contact", "conversation")),
                new ObjectMapping(
                        "custom_object", "OrderLine", "ids", Map.of("status", "statuses"), List.of("contact")));
        List<Write> writes = Writes.of(mappings, outputs, "contact-1", "conversation-1", false);
        assertEquals(5, writes.size());
        assertEquals(
                new Write(
                        "conversation",
                        "conversation-1",
                        null,
                        null,
                        Map.of("order_status", json("\"shipped\"")),
                        null),
                writes.get(0));
        assertEquals(
                new Write(
                        "custom_object",
                        null,
                        "Order",
                        "1001",
                        Map.of("status", json("\"shipped\"")),
                        List.of(
                                new Reference("contact", "contact-1"),
                                new Reference("conversation", "conversation-1"))),
                writes.get(1));
        assertEquals("1", writes.get(2).externalId());
        assertEquals(Map.of("status", json("\"open\"")), writes.get(2).attributes());
        assertEquals("2", writes.get(3).externalId());
        assertEquals(Map.of("status", json("\"closed\"")), writes.get(3).attributes());
        assertEquals("3", writes.get(4).externalId());
    }

    @Test
    void aMissingOutputIsLeftOutAndAMissingIdentifierWritesNothing() throws Exception {
        var mappings = List.of(
                new ObjectMapping("conversation", null, null, Map.of("a", "absent"), null),
                new ObjectMapping("custom_object", "Order", "absent_id", Map.of("status", "status"), List.of()));
        assertEquals(List.of(), Writes.of(mappings, Map.of("status", json("\"x\"")), "c", "v", false));
    }
}
