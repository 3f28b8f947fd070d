package dev.customactions.definitions.action;

import static dev.customactions.definitions.Admins.newAcceptedAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.LanguageCases;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The action language's table of cases through the API: what an action may hold when it is saved.
 * The executor runs the same table ({@code ActionLanguageCasesTest} there), so what is accepted here
 * is what runs there.
 */
@QuarkusTest
class ActionLanguageCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    String admin;

    @BeforeEach
    void workspace() {
        admin = newAcceptedAdmin("Language " + UUID.randomUUID());
    }

    /** Saves {@code action} and deletes it again when it was created (the test profile allows a few per workspace). */
    private Response save(Map<String, Object> action) {
        Response answer = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(action)
                .post("/actions");
        if (answer.statusCode() == 201) {
            given().auth()
                    .oauth2(admin)
                    .delete("/actions/" + answer.path("id"))
                    .then()
                    .statusCode(204);
        }
        return answer;
    }

    private static Map<String, Object> action(String url, List<Map<String, Object>> inputs) {
        var action = new HashMap<String, Object>();
        action.put("name", "Case " + UUID.randomUUID());
        action.put("http_method", "get");
        action.put("url", url);
        action.put("data_inputs", inputs);
        return action;
    }

    @Test
    void aDefaultValueIsAcceptedExactlyWhenItsTypeAcceptsIt() throws Exception {
        for (var testCase : LanguageCases.TYPED_VALUES) {
            var input =
                    new HashMap<String, Object>(Map.of("name", "value", "type", testCase.type(), "required", false));
            input.put("default_value", JSON.readTree(testCase.json()));
            Response answer = save(action("https://shop.example.com/orders/{{value}}", List.of(input)));
            if (testCase.accepted()) {
                assertEquals(201, answer.statusCode(), testCase + ": " + answer.asString());
            } else {
                assertEquals(400, answer.statusCode(), testCase + ": " + answer.asString());
                assertEquals("data_inputs[0].default_value", answer.path("errors[0].field"), testCase.toString());
            }
        }
    }

    @Test
    void aUrlTemplateIsAcceptedExactlyWhenItsPlaceholdersAreKnown() {
        for (var testCase : LanguageCases.URL_TEMPLATES) {
            List<Map<String, Object>> inputs = testCase.inputs().stream()
                    .map(name -> Map.<String, Object>of("name", name, "type", "string", "required", true))
                    .toList();
            Response answer = save(action(testCase.url().replace("shop.test", "shop.example.com"), inputs));
            if (testCase.accepted()) {
                assertEquals(201, answer.statusCode(), testCase + ": " + answer.asString());
            } else {
                assertEquals(400, answer.statusCode(), testCase + ": " + answer.asString());
                List<String> fields = answer.path("errors.field");
                assertTrue(fields.contains("url"), testCase + ": " + answer.asString());
            }
        }
    }
}
