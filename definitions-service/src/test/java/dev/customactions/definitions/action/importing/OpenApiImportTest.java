package dev.customactions.definitions.action.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.common.error.ApiException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiImportTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static String shop() throws Exception {
        return Files.readString(Path.of("src/test/resources/openapi/shop.yaml"));
    }

    @Test
    void operationsAreListedWithTheirKeys() throws Exception {
        var document = OpenApiDocument.read(shop(), null, "document");
        assertEquals("Shop API", document.title());
        assertEquals(
                List.of(
                        new OpenApiDocument.OperationSummary(
                                "getOrder", "get", "/orders/{orderId}.json", "Fetch an order"),
                        new OpenApiDocument.OperationSummary(
                                "POST /orders/{orderId}/refunds.json",
                                "post",
                                "/orders/{orderId}/refunds.json",
                                "Refund an order"),
                        new OpenApiDocument.OperationSummary("POST /uploads", "post", "/uploads", "Upload a file")),
                document.operations());
    }

    @Test
    void anOperationBecomesADraftWithTypedInputsAndOfferedOutputs() throws Exception {
        var draft = OpenApiDocument.read(shop(), null, "document").draft("getOrder");
        assertEquals("Fetch an order", draft.name());
        assertEquals("Fetch an order", draft.description());
        assertEquals("get", draft.httpMethod());
        assertEquals("https://my-shop.example.com/admin/api/orders/{{order_id}}.json", draft.url());
        assertEquals(List.of(new KeyValue("fields", "{{fields}}")), draft.query());
        assertEquals(List.of(new KeyValue("X-Request-Id", "{{x_request_id}}")), draft.headers());
        assertNull(draft.body());
        assertEquals(
                List.of(
                        new OpenApiDocument.Input("order_id", "integer", true, "The order number"),
                        new OpenApiDocument.Input("fields", "string", false, "Fields to include"),
                        new OpenApiDocument.Input("x_request_id", "string", false, null)),
                draft.dataInputs());
        assertEquals(
                List.of(
                        new OpenApiDocument.Output("order_id", "$.order.id", "integer"),
                        new OpenApiDocument.Output("order_fulfillment_status", "$.order.fulfillment_status", "string"),
                        new OpenApiDocument.Output("order_total_price", "$.order.total_price", "decimal"),
                        new OpenApiDocument.Output("order_line_items_sku", "$.order.line_items[*].sku", "string")),
                draft.responseFields());
        assertEquals(
                new CurlCommand.SuggestedConnection("api_key", "X-Shopify-Access-Token"), draft.suggestedConnection());
        assertEquals(List.of("cookie parameter session"), draft.unsupported());
    }

    @Test
    void aJsonBodyBecomesInputsAndWhatCantBeCarriedIsNamed() throws Exception {
        var document = OpenApiDocument.read(shop(), URI.create("https://docs.example.com/shop.yaml"), "url");
        var refund = document.draft("POST /orders/{orderId}/refunds.json");
        assertEquals("post", refund.httpMethod());
        assertEquals(JSON.readTree("{\"amount\": \"{{amount}}\", \"notify\": \"{{notify}}\"}"), refund.body());
        assertEquals(
                List.of(
                        new OpenApiDocument.Input("order_id", "integer", true, "The order number"),
                        new OpenApiDocument.Input("amount", "decimal", true, "The amount to refund"),
                        new OpenApiDocument.Input("notify", "boolean", false, null)),
                refund.dataInputs());
        assertEquals(List.of("body property lines (an array; only values become inputs)"), refund.unsupported());
        var upload = document.draft("POST /uploads");
        assertEquals(List.of("a request body of multipart/form-data (only JSON)"), upload.unsupported());
    }

    @Test
    void version31AndRelativeServersAreRead() throws Exception {
        String document = """
                {"openapi": "3.1.0", "info": {"title": "Tickets", "version": "1"},
                 "servers": [{"url": "/api/v2"}],
                 "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
                 "security": [{"bearer": []}],
                 "paths": {"/tickets/{id}": {"get": {"operationId": "showTicket", "summary": "Show a ticket",
                   "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": ["integer", "null"]}}],
                   "responses": {"200": {"description": "ok", "content": {"application/json": {"schema":
                     {"type": "object", "properties": {"ticket": {"type": "object", "properties": {
                       "status": {"type": ["string", "null"]}}}}}}}}}}}}}""";
        var fetched = OpenApiDocument.read(document, URI.create("https://help.example.com/openapi.json"), "url")
                .draft("showTicket");
        assertEquals("https://help.example.com/api/v2/tickets/{{id}}", fetched.url());
        assertEquals(List.of(new OpenApiDocument.Input("id", "integer", true, null)), fetched.dataInputs());
        assertEquals(
                List.of(new OpenApiDocument.Output("ticket_status", "$.ticket.status", "string")),
                fetched.responseFields());
        assertEquals(new CurlCommand.SuggestedConnection("bearer", "Authorization"), fetched.suggestedConnection());
        var pasted = OpenApiDocument.read(document, null, "document").draft("showTicket");
        assertTrue(
                pasted.unsupported().get(0).contains("relative"),
                pasted.unsupported().toString());
    }

    @Test
    void whatIsNotAnOpenApiDocumentOrOperationIsRefusedByName() throws Exception {
        var notOpenApi = assertThrows(
                ApiException.class, () -> OpenApiDocument.read("{\"swagger\": \"2.0\"}", null, "document"));
        assertEquals("document", notOpenApi.errors().get(0).field());
        assertEquals(422, notOpenApi.status());
        var unknown = assertThrows(ApiException.class, () -> OpenApiDocument.read(shop(), null, "document")
                .draft("deleteEverything"));
        assertEquals("operation", unknown.errors().get(0).field());
    }
}
