package dev.customactions.objects;

import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The instance limit holds for the API and for action results (a result over it is rejected whole). */
@QuarkusTest
@TestProfile(InstanceLimitTest.ThreeInstances.class)
class InstanceLimitTest {

    /** A workspace may hold three instances. */
    public static class ThreeInstances implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("customactions.objects.max-instances-per-workspace", "3");
        }
    }

    @Inject
    ObjectMapper mapper;

    @Test
    void theApiAndActionResultsStopAtTheLimit() throws Exception {
        var workspace = Workspaces.create();
        workspace.attribute("conversation", "marker", "integer", true);
        workspace.orderType();
        for (String id : new String[] {"1", "2"}) {
            workspace
                    .asAdmin()
                    .body("{\"external_id\": \"" + id + "\"}")
                    .post("/custom_object_instances/Order")
                    .then()
                    .statusCode(200);
        }
        String conversationId = UUID.randomUUID().toString();
        ObjectNode third = ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "custom_object", "type": "Order", "external_id": "3", "attributes": {}}]""");
        ObjectNode fourth =
                ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "conversation", "id": "%s", "attributes": {"marker": 4}},
                 {"target": "custom_object", "type": "Order", "external_id": "4", "attributes": {}}]""".formatted(conversationId));
        ObjectNode update =
                ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "conversation", "id": "%s", "attributes": {"marker": 5}},
                 {"target": "custom_object", "type": "Order", "external_id": "1", "attributes": {"status": "shipped"}}]""".formatted(conversationId));
        ActionResults.publishAll(
                List.of(third.toString(), fourth.toString(), update.toString()), workspace.id() + ":" + conversationId);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = workspace.asAdmin().get("/conversations/" + conversationId);
            return response.statusCode() == 200
                    && Integer.valueOf(5).equals(response.jsonPath().get("custom_attributes.marker"));
        });
        workspace
                .asAdmin()
                .queryParam("external_id", "3")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(200);
        workspace
                .asAdmin()
                .queryParam("external_id", "4")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(404);
        workspace
                .asAdmin()
                .queryParam("external_id", "1")
                .get("/custom_object_instances/Order")
                .then()
                .body("custom_attributes.status", equalTo("shipped"));
        workspace
                .asAdmin()
                .queryParam("source_id", fourth.get("run_id").asText())
                .get("/write_rejections")
                .then()
                .body("data[0].reason", equalTo("limit_exceeded"));
        workspace
                .asAdmin()
                .body("{\"external_id\": \"5\"}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(422)
                .body("errors[0].code", equalTo("unprocessable_entity"));
        // Updating an existing one is not a new instance.
        workspace
                .asAdmin()
                .body("{\"external_id\": \"2\", \"custom_attributes\": {\"quantity\": 1}}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(200);
        workspace
                .asAdmin()
                .queryParam("external_id", "5")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(404);
    }
}
