package dev.customactions.objects;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.auth.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Admins set custom attributes of contacts and conversations, checked against the data model. */
@QuarkusTest
class ContactsAndConversationsApiTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void adminSetsCustomAttributesProtectedOnesIncluded() throws Exception {
        var workspace = Workspaces.create();
        workspace.attribute("contact", "user_shopify_id", "string", false);
        workspace.attribute("contact", "vip", "boolean", true);
        workspace.attribute("conversation", "order_count", "integer", true);
        var event = ChannelEvents.conversation(mapper, workspace);
        String contactId = event.at("/contact/contact_id").asText();
        String conversationId = event.get("conversation_id").asText();

        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {\"user_shopify_id\": \"123\", \"vip\": true}}")
                .put("/contacts/" + contactId)
                .then()
                .statusCode(200)
                .body("custom_attributes.user_shopify_id", equalTo("123"))
                .body("custom_attributes.vip", equalTo(true))
                .body("name", equalTo("John Smith"));
        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {\"vip\": null}}")
                .put("/contacts/" + contactId)
                .then()
                .statusCode(200)
                .body("custom_attributes.user_shopify_id", equalTo("123"))
                .body("custom_attributes", not(hasKey("vip")));
        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {\"order_count\": 3}}")
                .put("/conversations/" + conversationId)
                .then()
                .statusCode(200)
                .body("custom_attributes.order_count", equalTo(3));
        workspace
                .asAdmin()
                .queryParam("external_id", event.get("external_conversation_id").asText())
                .get("/conversations")
                .then()
                .statusCode(200)
                .body("id", equalTo(conversationId));
    }

    @Test
    void invalidCustomAttributesAreRefusedNamingThemAndNothingChanges() throws Exception {
        var workspace = Workspaces.create();
        workspace.attribute("contact", "vip", "boolean", true);
        workspace.attribute("conversation", "order_count", "integer", true);
        long archived = workspace.attribute("conversation", "old", "string", true);
        workspace
                .asAdmin()
                .body("{\"archived\": true}")
                .put("/data_attributes/" + archived)
                .then()
                .statusCode(200);
        var event = ChannelEvents.conversation(mapper, workspace);
        String contactId = event.at("/contact/contact_id").asText();
        String conversationId = event.get("conversation_id").asText();

        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {\"vip\": \"true\", \"email\": \"x@example.com\", \"nope\": 1}}")
                .put("/contacts/" + contactId)
                .then()
                .statusCode(400)
                .body("type", equalTo("error.list"))
                .body(
                        "errors.field",
                        containsInAnyOrder(
                                "custom_attributes.vip", "custom_attributes.email", "custom_attributes.nope"));
        workspace
                .asAdmin()
                .body("{\"name\": \"Mallory\", \"custom_attributes\": {\"vip\": true}}")
                .put("/contacts/" + contactId)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        workspace
                .asAdmin()
                .body("{}")
                .put("/contacts/" + contactId)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("custom_attributes"));
        workspace
                .asAdmin()
                .body("{\"custom_attributes\": [1]}")
                .put("/contacts/" + contactId)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("custom_attributes"));
        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {\"order_count\": 3.0, \"old\": \"x\"}}")
                .put("/conversations/" + conversationId)
                .then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("custom_attributes.order_count", "custom_attributes.old"));
        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {\"order_count\": 3, \"vip\": true}}")
                .put("/conversations/" + conversationId)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("custom_attributes.vip"));
        workspace
                .asAdmin()
                .get("/contacts/" + contactId)
                .then()
                .body("custom_attributes", not(hasKey("vip")))
                .body("name", equalTo("John Smith"));
        workspace
                .asAdmin()
                .get("/conversations/" + conversationId)
                .then()
                .body("custom_attributes", not(hasKey("order_count")));
        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {\"vip\": true}}")
                .put("/contacts/nobody")
                .then()
                .statusCode(404);
    }

    @Test
    void readersCantWriteAndOtherWorkspacesCantReach() throws Exception {
        var workspace = Workspaces.create();
        workspace.attribute("contact", "vip", "boolean", true);
        var event = ChannelEvents.conversation(mapper, workspace);
        String contactId = event.at("/contact/contact_id").asText();
        var reader = workspace.token(Scopes.OBJECTS_READ);
        given().auth()
                .oauth2(reader.secret())
                .contentType(ContentType.JSON)
                .body("{\"custom_attributes\": {\"vip\": true}}")
                .put("/contacts/" + contactId)
                .then()
                .statusCode(403);
        var stranger = Workspaces.create();
        stranger.attribute("contact", "vip", "boolean", true);
        stranger.asAdmin()
                .body("{\"custom_attributes\": {\"vip\": true}}")
                .put("/contacts/" + contactId)
                .then()
                .statusCode(404);
        stranger.asAdmin()
                .get("/conversations/" + event.get("conversation_id").asText())
                .then()
                .statusCode(404);
        workspace.asAdmin().get("/contacts/" + contactId).then().body("custom_attributes", not(hasKey("vip")));
    }
}
