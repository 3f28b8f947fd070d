package dev.customactions.gateway;

import static io.restassured.RestAssured.given;

import dev.customactions.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/** Tokens and requests for the gateway's tests. */
final class GatewayTestSupport {

    static final String SEED_NEW_CONVERSATION = """
            {
            "event_id": "evt_12345",
            "external_conversation_id": "conv_67890",
            "contact": {
            "type": "user",
            "external_id": "user_001",
            "name": "Jane Doe",
            "email": "jane.doe@example.com"
            }
            }""";

    private GatewayTestSupport() {}

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** A token of a new workspace with {@code scopes}, once the gateway accepts it. */
    static TestTokens.Granted token(String... scopes) {
        return tokenIn(UUID.randomUUID().toString(), scopes);
    }

    static TestTokens.Granted tokenIn(String workspaceId, String... scopes) {
        var granted = TestTokens.grant(bootstrapServers(), workspaceId, scopes);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() ->
                        post(granted.secret(), "notify_new_conversation", "{}").statusCode() != 401);
        return granted;
    }

    static Response post(String token, String endpoint, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .header("Intercom-Version", "Unstable")
                .body(body)
                .when()
                .post("/custom_channel_events/" + endpoint);
    }
}
