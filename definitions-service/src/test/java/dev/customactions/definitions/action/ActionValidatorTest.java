package dev.customactions.definitions.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.action.ActionDefinition.ObjectMapping;
import dev.customactions.action.ActionDefinition.ResponseField;
import dev.customactions.action.AllowedHosts;
import dev.customactions.action.Placeholders;
import dev.customactions.common.error.ErrorList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActionValidatorTest {

    static final ActionValidator.Limits LIMITS = new ActionValidator.Limits(100, 100, 30_000, false);
    static final UUID SHOP = UUID.randomUUID();
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The seed's "Get order" action. */
    static ActionDefinition getOrder() {
        return new ActionDefinition(
                "Fetch a Shopify order",
                "get",
                "https://shop.example.com/admin/orders/{{order_id}}.json",
                List.of(new KeyValue("fields", "id,fulfillment_status")),
                List.of(new KeyValue("X-Contact", "{{contact.email}}")),
                null,
                List.of(new DataInput("order_id", "integer", true, null, "The order number")),
                List.of(
                        new ResponseField("fulfillment_status", "$.order.fulfillment_status", "string", false),
                        new ResponseField("order_id", "$.order.id", "integer", false)),
                List.of(
                        new ObjectMapping(
                                "conversation", null, null, Map.of("order_status", "fulfillment_status"), null),
                        new ObjectMapping(
                                "custom_object",
                                "Order",
                                "order_id",
                                Map.of("status", "fulfillment_status"),
                                List.of("contact", "conversation"))),
                SHOP,
                10_000,
                null,
                null);
    }

    static List<ErrorList.Error> check(ActionDefinition definition) {
        return ActionValidator.check(
                "Get order",
                definition,
                LIMITS,
                id -> id.equals(SHOP) ? Optional.of(List.of("shop.example.com")) : Optional.empty());
    }

    static List<String> fields(ActionDefinition definition) {
        return check(definition).stream().map(ErrorList.Error::field).toList();
    }

    static ActionDefinition withUrl(String url) {
        var d = getOrder();
        return new ActionDefinition(
                d.description(),
                d.httpMethod(),
                url,
                d.query(),
                d.headers(),
                d.body(),
                d.dataInputs(),
                d.responseFields(),
                d.objectMappings(),
                null,
                d.timeoutMs(),
                null,
                null);
    }

    static ActionDefinition post(JsonNode body, List<DataInput> inputs) {
        return new ActionDefinition(
                null,
                "post",
                "https://shop.example.com/orders",
                List.of(),
                List.of(),
                body,
                inputs,
                List.of(),
                List.of(),
                null,
                5_000,
                null,
                null);
    }

    @Test
    void theSeedsGetOrderActionIsValid() {
        assertEquals(List.of(), check(getOrder()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://shop.example.com/x",
                "ftp://shop.example.com/x",
                "shop.example.com/x",
                "https://{{order_id}}.example.com/x",
                "https://user:pw@shop.example.com/x",
                "https:///nohost",
                "https://shop.example.com/{{unknown}}",
                "https://shop.example.com/{{order_id",
                "https://shop.example.com/a b"
            })
    void badUrlsAreRefusedNamingUrl(String url) {
        assertEquals(List.of("url"), fields(withUrl(url)));
    }

    @Test
    void plainHttpOnlyWhenTheDeploymentAllowsIt() {
        var allowing = new ActionValidator.Limits(100, 100, 30_000, true);
        assertEquals(
                List.of(),
                ActionValidator.check("x", withUrl("http://localhost:8080/x"), allowing, id -> Optional.empty()));
    }

    @Test
    void contextValuesAndInputsAreTheOnlyPlaceholders() {
        for (String context : Placeholders.CONTEXT_VALUES) {
            assertEquals(List.of(), fields(withUrl("https://a.example.com/x?c={{ " + context + " }}")), context);
        }
        assertEquals(List.of("url"), fields(withUrl("https://a.example.com/{{contact.password}}")));
    }

    @Test
    void headersWithLineBreaksOrReservedNamesAreRefused() {
        var d = getOrder();
        var bad = new ActionDefinition(
                null,
                "get",
                d.url(),
                List.of(),
                List.of(
                        new KeyValue("X-A", "a\r\nX-Injected: 1"),
                        new KeyValue("Host", "evil.example.com"),
                        new KeyValue("Bad Header", "v")),
                null,
                d.dataInputs(),
                List.of(),
                List.of(),
                null,
                1_000,
                null,
                null);
        assertEquals(List.of("headers[0].value", "headers[1].key", "headers[2].key"), fields(bad));
    }

    @Test
    void bodyPlaceholdersAreCheckedAndABodyNeedsAMethodThatSendsOne() {
        var inputs = List.of(new DataInput("note", "string", true, null, null));
        var body = JSON.objectNode().put("text", "{{note}} from {{contact.name}}");
        body.putArray("tags").add("{{nope}}");
        assertEquals(List.of("body.tags[0]"), fields(post(body, inputs)));
        var get = getOrder();
        var withBody = new ActionDefinition(
                null,
                "get",
                get.url(),
                List.of(),
                List.of(),
                JSON.objectNode().put("a", 1),
                get.dataInputs(),
                List.of(),
                List.of(),
                null,
                1_000,
                null,
                null);
        assertEquals(List.of("body"), fields(withBody));
    }

    @ParameterizedTest
    @CsvSource({"integer,3.0", "integer,'\"3\"'", "boolean,'\"true\"'", "decimal,'\"1.5\"'", "string,7", "integer,true"
    })
    void defaultValuesMustHaveTheInputsTypeStrictly(String type, String json) throws Exception {
        JsonNode value = new ObjectMapper().readTree(json);
        var inputs = List.of(new DataInput("x", type, false, value, null));
        assertEquals(List.of("data_inputs[0].default_value"), fields(post(null, inputs)));
    }

    @ParameterizedTest
    @CsvSource({"integer,3", "decimal,3.0", "decimal,3", "boolean,false", "string,'\"3\"'"})
    void defaultValuesOfTheRightTypeAreAccepted(String type, String json) throws Exception {
        JsonNode value = new ObjectMapper().readTree(json);
        assertTrue(fields(post(null, List.of(new DataInput("x", type, false, value, null))))
                .isEmpty());
    }

    @Test
    void inputsAndOutputsAreNamedTypedUniqueAndPathsCompile() {
        var inputs = List.of(
                new DataInput("Order", "string", true, null, null),
                new DataInput("a", "float", true, null, null),
                new DataInput("a", "string", true, null, null));
        var d = post(null, inputs);
        var outputs =
                List.of(new ResponseField("x", "$.[[[", "string", false), new ResponseField("x", "$.a", "date", false));
        var both = new ActionDefinition(
                null, "post", d.url(), List.of(), List.of(), null, inputs, outputs, List.of(), null, 1_000, null, null);
        assertEquals(
                List.of(
                        "data_inputs[0].name",
                        "data_inputs[1].type",
                        "data_inputs[2].name",
                        "response_fields[0].path",
                        "response_fields[1].name",
                        "response_fields[1].type"),
                fields(both));
    }

    @Test
    void mappingsNeedKnownOutputsAndACustomObjectNeedsItsExternalId() {
        var d = getOrder();
        var mappings = List.of(
                new ObjectMapping("custom_object", "Order", null, Map.of("status", "fulfillment_status"), null),
                new ObjectMapping("contact", null, null, Map.of("tier", "missing_output"), null),
                new ObjectMapping("ticket", null, null, Map.of("a", "order_id"), null),
                new ObjectMapping(
                        "custom_object", "Order", "order_id", Map.of("status", "order_id"), List.of("company")));
        var bad = new ActionDefinition(
                null,
                "get",
                d.url(),
                List.of(),
                List.of(),
                null,
                d.dataInputs(),
                d.responseFields(),
                mappings,
                null,
                1_000,
                null,
                null);
        assertEquals(
                List.of(
                        "object_mappings[0].external_id_output",
                        "object_mappings[1].attributes.tier",
                        "object_mappings[2].target",
                        "object_mappings[3].references"),
                fields(bad));
    }

    @Test
    void standardAttributesAreNeverTargets() {
        var d = getOrder();
        var mappings = List.of(
                new ObjectMapping("contact", null, null, Map.of("email", "fulfillment_status"), null),
                new ObjectMapping(
                        "conversation",
                        null,
                        null,
                        Map.of("order_status", "fulfillment_status", "external_id", "order_id"),
                        null),
                new ObjectMapping("custom_object", "Order", "order_id", Map.of("name", "fulfillment_status"), null));
        var bad = new ActionDefinition(
                null,
                "get",
                d.url(),
                List.of(),
                List.of(),
                null,
                d.dataInputs(),
                d.responseFields(),
                mappings,
                null,
                1_000,
                null,
                null);
        assertEquals(
                List.of("object_mappings[0].attributes.email", "object_mappings[1].attributes.external_id"),
                fields(bad).stream().sorted().toList());
    }

    @Test
    void theConnectionMustExistAndBeBoundToTheUrlsHost() {
        var d = getOrder();
        var elsewhere = new ActionDefinition(
                null,
                "get",
                "https://evil.example.net/x",
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of(),
                List.of(),
                SHOP,
                1_000,
                null,
                null);
        assertEquals(List.of("connection_id"), fields(elsewhere));
        var unknown = new ActionDefinition(
                null,
                "get",
                d.url(),
                List.of(),
                List.of(),
                null,
                d.dataInputs(),
                List.of(),
                List.of(),
                UUID.randomUUID(),
                1_000,
                null,
                null);
        assertEquals(List.of("connection_id"), fields(unknown));
        assertTrue(AllowedHosts.allows(List.of("*.example.com"), "api.example.com"));
        assertTrue(AllowedHosts.allows(List.of(" Shop.Example.com "), "shop.example.COM"));
        assertFalse(AllowedHosts.allows(List.of("*.example.com"), "example.com"));
        assertFalse(AllowedHosts.allows(List.of("*.example.com"), ".example.com"));
        assertFalse(AllowedHosts.allows(List.of("*.example.com"), "api.example.com.evil.net"));
        assertEquals(
                "The connection may only be sent to 127.0.0.1, *.example.com, not to evil.net",
                AllowedHosts.refusal(List.of("127.0.0.1", "*.example.com"), "evil.net"));
    }

    @Test
    void limitsApply() {
        var inputs = new ArrayList<DataInput>();
        for (int i = 0; i < 101; i++) {
            inputs.add(new DataInput("i" + i, "string", false, null, null));
        }
        var many = post(null, inputs);
        assertEquals(List.of("data_inputs"), fields(many));
        var d = getOrder();
        for (int timeout : new int[] {0, 30_001}) {
            var slow = new ActionDefinition(
                    null,
                    "get",
                    d.url(),
                    List.of(),
                    List.of(),
                    null,
                    d.dataInputs(),
                    List.of(),
                    List.of(),
                    null,
                    timeout,
                    null,
                    null);
            assertEquals(List.of("timeout_ms"), fields(slow));
        }
        var d2 = getOrder();
        var statuses = new ActionDefinition(
                null,
                "get",
                d2.url(),
                List.of(),
                List.of(),
                null,
                d2.dataInputs(),
                List.of(),
                List.of(),
                null,
                null,
                null,
                java.util.Arrays.asList(404, 200, 401, 429, 404, null, 410));
        assertEquals(
                List.of(
                        "not_found_statuses[1]",
                        "not_found_statuses[2]",
                        "not_found_statuses[3]",
                        "not_found_statuses[4]",
                        "not_found_statuses[5]"),
                fields(statuses));
        assertEquals(
                List.of("name"),
                ActionValidator.check(" ", getOrder(), LIMITS, id -> Optional.of(List.of("shop.example.com"))).stream()
                        .map(ErrorList.Error::field)
                        .toList());
    }
}
