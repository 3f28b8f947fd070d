package dev.customactions.definitions.action.importing;

import static dev.customactions.definitions.Admins.newAcceptedAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
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
}
