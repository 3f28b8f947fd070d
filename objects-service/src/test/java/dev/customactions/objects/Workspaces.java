package dev.customactions.objects;

import static io.restassured.RestAssured.given;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

/** A fresh workspace for a test, with an admin's token (accepted by the service before use). */
record Workspaces(String id, TestTokens.Granted admin) {

    /** A new workspace and its admin token. */
    static Workspaces create() {
        String id = UUID.randomUUID().toString();
        var admin = TestTokens.grant(ChannelEvents.bootstrapServers(), id, Scopes.ADMIN);
        await(admin);
        return new Workspaces(id, admin);
    }

    /** Another token of this workspace with {@code scopes}, accepted. */
    TestTokens.Granted token(String... scopes) {
        var token = TestTokens.grant(ChannelEvents.bootstrapServers(), id, scopes);
        await(token);
        return token;
    }

    /** A JSON request as this workspace's admin. */
    RequestSpecification asAdmin() {
        return given().auth().oauth2(admin.secret()).contentType(ContentType.JSON);
    }

    /** Creates a data attribute; answers its id. */
    long attribute(String model, String name, String dataType, boolean messengerWritable) {
        return asAdmin()
                .body("""
                {"name": "%s", "model": "%s", "data_type": "%s", "description": "test", "messenger_writable": %s}""".formatted(name, model, dataType, messengerWritable))
                .post("/data_attributes")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    /** Creates the custom object type {@code Order} with status (string), total_price (float), quantity (integer). */
    void orderType() {
        asAdmin().body("""
                {"identifier": "Order", "name": "Order", "description": "A Shopify order",
                 "attributes": [{"name": "status", "data_type": "string", "description": "Fulfilment status"},
                                {"name": "total_price", "data_type": "float"},
                                {"name": "quantity", "data_type": "integer"}]}""").post("/custom_object_types").then().statusCode(201);
    }

    private static void await(TestTokens.Granted token) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                                .oauth2(token.secret())
                                .get("/contacts/none")
                                .statusCode()
                        == 404);
    }
}
