package dev.customactions.objects;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Contacts, conversations and a type's instances as lists: paged, searched, sorted by last update. */
@QuarkusTest
class RecordListsTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void contactsAreListedNewestFirstPagedAndFoundByNameEmailOrExternalId() throws Exception {
        var workspace = Workspaces.create();
        List<ObjectNode> events = new ArrayList<>();
        var names = List.of("Ada Lovelace", "Grace Hopper", "Alan Turing");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            ObjectNode event = ChannelEvents.sample(mapper, workspace.id());
            // Contacts take the time of the event that wrote them: one minute apart, in this order.
            event.put(
                    "received_at",
                    java.time.Instant.parse("2026-11-21T10:00:00Z")
                            .plusSeconds(60L * i)
                            .toString());
            event.put("external_conversation_id", "conv_" + name.hashCode());
            var contact = (ObjectNode) event.get("contact");
            contact.put("external_id", "user_" + name.split(" ", -1)[0].toLowerCase(Locale.ROOT));
            contact.put("name", name);
            contact.put("email", name.split(" ", -1)[1].toLowerCase(Locale.ROOT) + "@example.com");
            events.add(event);
            ChannelEvents.publish(event, java.util.UUID.randomUUID().toString());
            String path = "/conversations/" + event.get("conversation_id").asText();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> workspace.asAdmin().get(path).statusCode() == 200);
        }

        String next = workspace
                .asAdmin()
                .queryParam("per_page", 2)
                .get("/contacts")
                .then()
                .statusCode(200)
                .body("type", equalTo("list"))
                .body("total_count", equalTo(3))
                .body("data.name", contains("Alan Turing", "Grace Hopper"))
                .extract()
                .path("pages.next.starting_after");
        workspace
                .asAdmin()
                .queryParam("per_page", 2)
                .queryParam("starting_after", next)
                .get("/contacts")
                .then()
                .statusCode(200)
                .body("data.name", contains("Ada Lovelace"))
                .body("pages.next", nullValue());
        workspace
                .asAdmin()
                .queryParam("order", "asc")
                .get("/contacts")
                .then()
                .body("data.name", contains("Ada Lovelace", "Grace Hopper", "Alan Turing"));
        for (String query : List.of("GRACE", "hopper@", "user_grace")) {
            workspace
                    .asAdmin()
                    .queryParam("query", query)
                    .get("/contacts")
                    .then()
                    .statusCode(200)
                    .body("total_count", equalTo(1))
                    .body("data.name", contains("Grace Hopper"));
        }
        // A wildcard is a character like any other.
        workspace.asAdmin().queryParam("query", "%").get("/contacts").then().body("data", hasSize(0));
        workspace
                .asAdmin()
                .queryParam("query", "conv_" + "Alan Turing".hashCode())
                .get("/conversations")
                .then()
                .statusCode(200)
                .body("data.id", contains(events.get(2).get("conversation_id").asText()));
        // The lookup by external id keeps its shape: one record.
        workspace
                .asAdmin()
                .queryParam("external_id", "user_ada")
                .get("/contacts")
                .then()
                .statusCode(200)
                .body("name", equalTo("Ada Lovelace"));
    }

    @Test
    void instancesAreListedByTypeAndBadParametersAreNamed() {
        var workspace = Workspaces.create();
        workspace.orderType();
        for (String id : List.of("1001", "1002", "2001")) {
            workspace
                    .asAdmin()
                    .body("{\"external_id\": \"" + id + "\", \"custom_attributes\": {\"status\": \"paid\"}}")
                    .post("/custom_object_instances/Order")
                    .then()
                    .statusCode(200);
        }
        workspace
                .asAdmin()
                .queryParam("query", "100")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(2))
                .body("data.external_id", contains("1002", "1001"));
        workspace.asAdmin().get("/custom_object_instances/Nothing").then().statusCode(404);
        workspace
                .asAdmin()
                .queryParam("order", "sideways")
                .get("/contacts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("order"));
        workspace
                .asAdmin()
                .queryParam("starting_after", "not a cursor")
                .get("/conversations")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("starting_after"));
        workspace
                .asAdmin()
                .queryParam("per_page", 500)
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("per_page"));
    }
}
