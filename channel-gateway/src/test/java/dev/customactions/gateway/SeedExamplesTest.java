package dev.customactions.gateway;

import static dev.customactions.gateway.GatewayTestSupport.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.auth.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four curl examples of Intercom's custom-channel API reference, bodies byte for byte (src/test/resources/seed). */
@QuarkusTest
class SeedExamplesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "notify_new_conversation",
                "notify_new_message",
                "notify_quick_reply_selected",
                "notify_attribute_collected"
            })
    void seedCurlExampleSucceedsWithOnlyHostAndTokenChanged(String endpoint) throws Exception {
        String body = Files.readString(Path.of("src/test/resources/seed/" + endpoint + ".json"));
        var sent = new ObjectMapper().readTree(body);
        var token = token(Scopes.CHANNEL_EVENTS);
        given().auth()
                .oauth2(token.secret())
                .header("Content-Type", "application/json")
                .header("Intercom-Version", "Unstable")
                .body(body)
                .when()
                .post("/custom_channel_events/" + endpoint)
                .then()
                .statusCode(200)
                .body(
                        "external_conversation_id",
                        equalTo(sent.get("external_conversation_id").asText()))
                .body(
                        "external_contact_id",
                        equalTo(sent.at("/contact/external_id").asText()))
                .body("conversation_id", notNullValue())
                .body("contact_id", notNullValue());
    }
}
