package dev.customactions.objects;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.auth.Scopes;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hamcrest.MatcherAssert;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CustomObjectInstanceApiTest {

    @Inject
    ObjectMapper mapper;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void upsertByExternalIdCreatesThenUpdatesTheSameInstance() {
        var workspace = Workspaces.create();
        workspace.orderType();
        String id = workspace
                .asAdmin()
                .body("""
                {"external_id": "1001", "external_created_at": 1795256130, "external_updated_at": 1795256130,
                 "custom_attributes": {"status": "pending", "total_price": 52.5, "quantity": 2}}""")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(200)
                .body("type", equalTo("Order"))
                .body("id", notNullValue())
                .body("external_id", equalTo("1001"))
                .body("external_created_at", equalTo(1795256130))
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                .body("custom_attributes.status", equalTo("pending"))
                .body("custom_attributes.total_price", equalTo(52.5f))
                .body("custom_attributes.quantity", equalTo(2))
                .extract()
                .path("id");

        // The same external id again: the same instance, attributes merged, a null removes one.
        workspace
                .asAdmin()
                .body(
                        "{\"external_id\": \"1001\", \"custom_attributes\": {\"status\": \"shipped\", \"quantity\": null}}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("external_created_at", equalTo(1795256130))
                .body("custom_attributes.status", equalTo("shipped"))
                .body("custom_attributes.total_price", equalTo(52.5f))
                .body("custom_attributes", Matchers.not(Matchers.hasKey("quantity")));

        given().auth()
                .oauth2(workspace.token(Scopes.OBJECTS_READ).secret())
                .queryParam("external_id", "1001")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        workspace
                .asAdmin()
                .get("/custom_object_instances/Order/" + id)
                .then()
                .statusCode(200)
                .body("external_id", equalTo("1001"))
                .body("references", empty());
        assertEquals(1, count("SELECT count(*) FROM custom_object_instance WHERE workspace_id = ?", workspace.id()));
        assertEquals(1, count("SELECT instances FROM workspace_usage WHERE workspace_id = ?", workspace.id()));
    }

    @Test
    void deleteByExternalIdAndByIdAnswersIntercomsShape() {
        var workspace = Workspaces.create();
        workspace.orderType();
        String first = upsert(workspace, "1", "{}");
        String second = upsert(workspace, "2", "{}");

        workspace
                .asAdmin()
                .queryParam("external_id", "1")
                .delete("/custom_object_instances/Order")
                .then()
                .statusCode(200)
                .body("id", equalTo(first))
                .body("object", equalTo("Order"))
                .body("deleted", equalTo(true));
        workspace
                .asAdmin()
                .delete("/custom_object_instances/Order/" + second)
                .then()
                .statusCode(200)
                .body("id", equalTo(second))
                .body("deleted", equalTo(true));
        workspace
                .asAdmin()
                .get("/custom_object_instances/Order/" + first)
                .then()
                .statusCode(404);
        workspace
                .asAdmin()
                .queryParam("external_id", "2")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(404);
        workspace
                .asAdmin()
                .delete("/custom_object_instances/Order/" + second)
                .then()
                .statusCode(404);
        workspace
                .asAdmin()
                .delete("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("external_id"));
        assertEquals(0, count("SELECT instances FROM workspace_usage WHERE workspace_id = ?", workspace.id()));
    }

    @Test
    void customAttributesAreCheckedAgainstTheType() {
        var workspace = Workspaces.create();
        workspace.orderType();
        workspace
                .asAdmin()
                .body("{\"attributes\": [{\"name\": \"quantity\", \"archived\": true}]}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(200);
        workspace
                .asAdmin()
                .body("""
                {"external_id": "1001", "custom_attributes": {"total_price": "52.50", "colour": "red", "quantity": 1,
                 "status": true, "id": "x"}}""")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("type", equalTo("error.list"))
                .body(
                        "errors.field",
                        containsInAnyOrder(
                                "custom_attributes.total_price",
                                "custom_attributes.colour",
                                "custom_attributes.quantity",
                                "custom_attributes.status",
                                "custom_attributes.id"))
                .body(
                        "errors.find { it.field == 'custom_attributes.total_price' }.message",
                        containsString("must be a number"))
                .body("errors.find { it.field == 'custom_attributes.quantity' }.message", containsString("archived"));
        // A number beyond a double's range reads as infinity, which JSON can't store: not a number here either.
        workspace
                .asAdmin()
                .body("{\"external_id\": \"1002\", \"custom_attributes\": {\"total_price\": 1e400}}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors.field", contains("custom_attributes.total_price"))
                .body("errors[0].message", containsString("must be a number"));
        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {}}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("external_id"))
                .body("errors[0].code", equalTo("parameter_not_found"));
        workspace
                .asAdmin()
                .body("{\"external_id\": \"" + "9".repeat(256) + "\"}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("external_id"));
        workspace
                .asAdmin()
                .body("{\"external_id\": \"1\", \"external_created_at\": \"yesterday\"}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("external_created_at"));
        workspace
                .asAdmin()
                .body("{\"external_id\": \"1\", \"colour\": \"red\"}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("colour"));
        workspace
                .asAdmin()
                .body("{\"external_id\": \"1\", \"references\": [{\"type\": \"company\", \"id\": \"x\"}, "
                        + "{\"type\": \"contact\"}, {\"type\": \"conversation\", \"id\": \"nope\"}]}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors.field", contains("references[0].type", "references[1].id", "references[2].id"));
        workspace
                .asAdmin()
                .body("{\"external_id\": \"1\"}")
                .post("/custom_object_instances/Invoice")
                .then()
                .statusCode(404);
        workspace
                .asAdmin()
                .queryParam("external_id", "1")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(404);
        workspace
                .asAdmin()
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(0));
        assertEquals(0, count("SELECT count(*) FROM custom_object_instance WHERE workspace_id = ?", workspace.id()));

        workspace
                .asAdmin()
                .body("{\"archived\": true}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(200);
        workspace
                .asAdmin()
                .body("{\"external_id\": \"1\"}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("type"));
    }

    @Test
    void concurrentUpsertsOfOneExternalIdMakeExactlyOneInstance() throws Exception {
        var workspace = Workspaces.create();
        workspace.orderType();
        int writers = 24;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int quantity = i;
                Callable<String> upsert = () -> {
                    start.await();
                    return workspace
                            .asAdmin()
                            .body("{\"external_id\": \"race\", \"custom_attributes\": {\"quantity\": " + quantity
                                    + "}}")
                            .post("/custom_object_instances/Order")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("id");
                };
                answers.add(pool.submit(upsert));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<String> answer : answers) {
                ids.add(answer.get());
            }
            assertEquals(1, ids.size(), "every upsert answered the same instance");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT count(*) FROM custom_object_instance WHERE workspace_id = ?", workspace.id()));
        assertEquals(1, count("SELECT instances FROM workspace_usage WHERE workspace_id = ?", workspace.id()));
    }

    @Test
    void referencesLinkInstancesToContactsAndConversationsAndAreListedByPage() throws Exception {
        var workspace = Workspaces.create();
        workspace.orderType();
        var event = ChannelEvents.conversation(mapper, workspace);
        String conversationId = event.get("conversation_id").asText();
        String contactId = event.at("/contact/contact_id").asText();
        for (int i = 1; i <= 5; i++) {
            workspace
                    .asAdmin()
                    .body("{\"external_id\": \"" + i + "\", \"references\": [{\"type\": \"conversation\", \"id\": \""
                            + conversationId + "\"}"
                            + (i % 2 == 0 ? ", {\"type\": \"contact\", \"id\": \"" + contactId + "\"}" : "")
                            + "]}")
                    .post("/custom_object_instances/Order")
                    .then()
                    .statusCode(200);
        }
        upsert(workspace, "unlinked", "{}");

        workspace
                .asAdmin()
                .queryParam("external_id", "2")
                .get("/custom_object_instances/Order")
                .then()
                .body("references.type", containsInAnyOrder("conversation", "contact"))
                .body("references.id", containsInAnyOrder(conversationId, contactId));

        var seen = new ArrayList<String>();
        String cursor = null;
        int pages = 0;
        do {
            var request = workspace
                    .asAdmin()
                    .queryParam("references_conversation_id", conversationId)
                    .queryParam("per_page", 2);
            if (cursor != null) {
                request.queryParam("starting_after", cursor);
            }
            var page = request.get("/custom_object_instances/Order")
                    .then()
                    .statusCode(200)
                    .body("type", equalTo("list"))
                    .body("total_count", equalTo(5))
                    .body("pages.per_page", equalTo(2))
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("data.external_id"));
            cursor = page.getString("pages.next.starting_after");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        MatcherAssert.assertThat(seen, containsInAnyOrder("1", "2", "3", "4", "5"));

        workspace
                .asAdmin()
                .queryParam("references_contact_id", contactId)
                .get("/custom_object_instances/Order")
                .then()
                .body("data.external_id", containsInAnyOrder("2", "4"))
                .body("pages.next", nullValue());
        workspace
                .asAdmin()
                .get("/conversations/" + conversationId)
                .then()
                .body("custom_object_instances.type", equalTo("list"))
                .body("custom_object_instances.total_count", equalTo(5))
                .body("custom_object_instances.data", hasSize(5))
                .body("custom_object_instances.data[0].type", equalTo("Order"));
        workspace
                .asAdmin()
                .get("/contacts/" + contactId)
                .then()
                .body("custom_object_instances.data.external_id", containsInAnyOrder("2", "4"));
        workspace
                .asAdmin()
                .queryParam("references_contact_id", contactId)
                .queryParam("per_page", 151)
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("per_page"));

        // Deleting an instance removes its links.
        workspace
                .asAdmin()
                .queryParam("external_id", "2")
                .delete("/custom_object_instances/Order")
                .then()
                .statusCode(200);
        workspace
                .asAdmin()
                .get("/contacts/" + contactId)
                .then()
                .body("custom_object_instances.data.external_id", contains("4"));
    }

    @Test
    void anotherWorkspacesInstancesAndConversationsAreOutOfReach() throws Exception {
        var owner = Workspaces.create();
        owner.orderType();
        var event = ChannelEvents.conversation(mapper, owner);
        String id = upsert(owner, "1001", "{\"status\": \"shipped\"}");
        var stranger = Workspaces.create();
        stranger.orderType();

        stranger.asAdmin().get("/custom_object_instances/Order/" + id).then().statusCode(404);
        stranger.asAdmin()
                .queryParam("external_id", "1001")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(404);
        stranger.asAdmin().delete("/custom_object_instances/Order/" + id).then().statusCode(404);
        // Its own 1001 is another instance, and it can't link to the owner's conversation.
        String own = upsert(stranger, "1001", "{\"status\": \"pending\"}");
        Assertions.assertNotEquals(id, own);
        stranger.asAdmin()
                .body("{\"external_id\": \"1001\", \"references\": [{\"type\": \"conversation\", \"id\": \""
                        + event.get("conversation_id").asText() + "\"}]}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("references[0].id"));
        owner.asAdmin()
                .get("/custom_object_instances/Order/" + id)
                .then()
                .body("custom_attributes.status", equalTo("shipped"));
        given().contentType(ContentType.JSON)
                .body("{\"external_id\": \"1\"}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(owner.token(Scopes.OBJECTS_READ).secret())
                .contentType(ContentType.JSON)
                .body("{\"external_id\": \"1\"}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(403);
    }

    private static String upsert(Workspaces workspace, String externalId, String attributes) {
        return workspace
                .asAdmin()
                .body("{\"external_id\": \"" + externalId + "\", \"custom_attributes\": " + attributes + "}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private long count(String sql, String workspaceId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, workspaceId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
