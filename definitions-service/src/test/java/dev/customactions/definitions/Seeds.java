package dev.customactions.definitions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Definitions from the seed's story (intercom-custom-actions-setup), as an admin sends them. */
public final class Seeds {

    private Seeds() {}

    /** The seed's "Get order" action, as an admin would send it. */
    public static Map<String, Object> getOrder(String name) {
        var body = new HashMap<String, Object>();
        body.put("name", name);
        body.put("description", "Fetch a Shopify order");
        body.put("http_method", "get");
        body.put("url", "https://shop.example.com/admin/orders/{{order_id}}.json");
        body.put("data_inputs", List.of(Map.of("name", "order_id", "type", "integer", "required", true)));
        body.put(
                "response_fields",
                List.of(
                        Map.of("name", "fulfillment_status", "path", "$.order.fulfillment_status", "type", "string"),
                        Map.of("name", "order_id", "path", "$.order.id", "type", "integer")));
        body.put(
                "object_mappings",
                List.of(
                        Map.of("target", "conversation", "attributes", Map.of("order_status", "fulfillment_status")),
                        Map.of(
                                "target",
                                "custom_object",
                                "object_type",
                                "Order",
                                "external_id_output",
                                "order_id",
                                "attributes",
                                Map.of("status", "fulfillment_status"),
                                "references",
                                List.of("contact", "conversation"))));
        return body;
    }
}
