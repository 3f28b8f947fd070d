package dev.customactions.definitions.action.importing;

import static dev.customactions.definitions.Admins.newAcceptedAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImportApiTest {

    @Test
    void aCurlCommandIsReadAsADraftWithoutItsSecretAndABadOneNamesTheCommand() {
        String admin = newAcceptedAdmin("Imports " + UUID.randomUUID());
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(
                        Map.of(
                                "command",
                                "curl 'https://shop.example.com/orders/1001.json?fields=id' -H 'Authorization: Bearer shpat_x'"))
                .post("/action_imports/curl")
                .then()
                .statusCode(200)
                .body("type", equalTo("action_import"))
                .body("draft.http_method", equalTo("get"))
                .body("draft.url", equalTo("https://shop.example.com/orders/1001.json"))
                .body("draft.query.key", contains("fields"))
                .body("draft.suggested_connection.auth_type", equalTo("bearer"))
                .body(not(containsString("shpat_x")));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("command", "curl 'https://unclosed"))
                .post("/action_imports/curl")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("command"));
    }

    @Test
    void anOpenApiDocumentListsItsOperationsAndDraftsOneAndAPrivateUrlIsNotFetched() throws Exception {
        String admin = newAcceptedAdmin("OpenAPI imports " + UUID.randomUUID());
        String document = OpenApiImportTest.shop();
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("document", document))
                .post("/action_imports/openapi")
                .then()
                .statusCode(200)
                .body("type", equalTo("openapi_import"))
                .body("title", equalTo("Shop API"))
                .body("operations.key", contains("getOrder", "POST /orders/{orderId}/refunds.json", "POST /uploads"))
                .body("draft", equalTo(null));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("document", document, "operation", "getOrder"))
                .post("/action_imports/openapi")
                .then()
                .statusCode(200)
                .body("draft.url", equalTo("https://my-shop.example.com/admin/api/orders/{{order_id}}.json"))
                .body("draft.data_inputs.name", contains("order_id", "fields", "x_request_id"))
                .body("draft.response_fields.path", hasItem("$.order.fulfillment_status"))
                .body("draft.suggested_connection.header_name", equalTo("X-Shopify-Access-Token"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/action_imports/openapi")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("document"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("url", "https://127.0.0.1:1/openapi.json"))
                .post("/action_imports/openapi")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString("private, loopback"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("url", "http://docs.example.com/openapi.json"))
                .post("/action_imports/openapi")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("url"));
    }
}
