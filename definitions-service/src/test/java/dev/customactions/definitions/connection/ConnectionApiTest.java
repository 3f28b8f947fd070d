package dev.customactions.definitions.connection;

import static dev.customactions.definitions.Admins.awaitAccepted;
import static dev.customactions.definitions.Admins.newWorkspaceAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.definitions.Seeds;
import dev.customactions.definitions.event.DefinitionChanged;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConnectionApiTest {

    @Inject
    EntityManager entityManager;

    @Inject
    ConnectionService connections;

    @Inject
    ObjectMapper mapper;

    String admin;

    @BeforeEach
    void workspace() {
        admin = newWorkspaceAdmin("Connections " + UUID.randomUUID());
        awaitAccepted(admin);
    }

    ValidatableResponse create(Map<String, Object> body) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/connections")
                .then();
    }

    static Map<String, Object> bearer(String name, String token) {
        return Map.of(
                "name",
                name,
                "auth_type",
                "bearer",
                "allowed_hosts",
                new String[] {"API.shop.example.com"},
                "token",
                token);
    }

    @Test
    void everyTypeIsCreatedAndItsSecretsAreNeverReturned() {
        create(bearer("Shop", "shpat_123"))
                .statusCode(201)
                .body("type", equalTo("connection"))
                .body("auth_type", equalTo("bearer"))
                .body("allowed_hosts", contains("api.shop.example.com"))
                .body("token", equalTo("****"));
        create(Map.of(
                        "name",
                        "CRM",
                        "auth_type",
                        "api_key",
                        "allowed_hosts",
                        new String[] {"*.crm.example.com"},
                        "api_key_name",
                        "X-Api-Key",
                        "api_key_in",
                        "header",
                        "api_key",
                        "k_123"))
                .statusCode(201)
                .body("api_key_name", equalTo("X-Api-Key"))
                .body("api_key", equalTo("****"));
        create(Map.of(
                        "name",
                        "Legacy",
                        "auth_type",
                        "basic",
                        "allowed_hosts",
                        new String[] {"legacy.example.com"},
                        "username",
                        "bot",
                        "password",
                        "hunter2"))
                .statusCode(201)
                .body("username", equalTo("bot"))
                .body("password", equalTo("****"));
        String id = create(Map.of(
                        "name",
                        "Billing",
                        "auth_type",
                        "oauth2_client_credentials",
                        "allowed_hosts",
                        new String[] {"billing.example.com"},
                        "token_url",
                        "https://auth.example.com/oauth/token",
                        "client_id",
                        "platform",
                        "client_secret",
                        "cs_123",
                        "scope",
                        "orders:read"))
                .statusCode(201)
                .body("client_secret", equalTo("****"))
                .body("scope", equalTo("orders:read"))
                .extract()
                .path("id");

        given().auth()
                .oauth2(admin)
                .get("/connections/" + id)
                .then()
                .statusCode(200)
                .body("client_secret", equalTo("****"));
        String listed = given().auth()
                .oauth2(admin)
                .get("/connections")
                .then()
                .statusCode(200)
                .body("data.name", contains("Billing", "CRM", "Legacy", "Shop"))
                .extract()
                .asString();
        for (String secret : new String[] {"shpat_123", "k_123", "hunter2", "cs_123"}) {
            assertFalse(listed.contains(secret), secret + " was returned");
        }
    }

    @Test
    void secretIsSealedInTheDatabaseRowAndOpensOnlyInTheService() {
        String id = create(bearer("Sealed", "shpat_sealed_value"))
                .statusCode(201)
                .extract()
                .path("id");
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager
                .createNativeQuery("SELECT secrets, settings::text, allowed_hosts FROM connection WHERE id = ?1")
                .setParameter(1, UUID.fromString(id))
                .getSingleResult());
        String raw = String.join("|", String.valueOf(row[0]), String.valueOf(row[1]), String.valueOf(row[2]));
        assertFalse(raw.contains("shpat_sealed_value"), raw);
        assertTrue(String.valueOf(row[0]).startsWith("v1:test2:"), "sealed with the active key");
        Connection stored = QuarkusTransaction.requiringNew().call(() -> Connection.findById(UUID.fromString(id)));
        assertEquals("shpat_sealed_value", connections.secrets(stored).get("token"));
    }

    @Test
    void updateKeepsAMaskedOrOmittedSecretAndReplacesAGivenOne() {
        String id =
                create(bearer("Rotating", "first")).statusCode(201).extract().path("id");
        String path = "/connections/" + id;
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "token", "****", "description", "Shop API", "allowed_hosts", new String[] {"a.example.com"}))
                .put(path)
                .then()
                .statusCode(200)
                .body("description", equalTo("Shop API"))
                .body("version", equalTo(2));
        assertEquals("first", secretOf(id));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("token", "second"))
                .put(path)
                .then()
                .statusCode(200)
                .body("token", equalTo("****"))
                .body("allowed_hosts", contains("a.example.com"))
                .body("description", equalTo("Shop API"));
        assertEquals("second", secretOf(id));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("description", ""))
                .put(path)
                .then()
                .statusCode(200)
                .body("description", nullValue());
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("auth_type", "basic"))
                .put(path)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("auth_type"));
    }

    String secretOf(String id) {
        Connection stored = QuarkusTransaction.requiringNew().call(() -> Connection.findById(UUID.fromString(id)));
        return connections.secrets(stored).get("token");
    }

    @Test
    void invalidConnectionsAreRefusedNamingEachField() {
        create(Map.of("auth_type", "bearer"))
                .statusCode(400)
                .body("errors.field", hasItems("name", "allowed_hosts", "token"));
        create(Map.of("name", "x", "auth_type", "kerberos", "allowed_hosts", new String[] {"a.example.com"}))
                .statusCode(400)
                .body("errors[0].field", equalTo("auth_type"));
        create(Map.of(
                        "name",
                        "x",
                        "auth_type",
                        "bearer",
                        "allowed_hosts",
                        new String[] {"https://a.example.com/x"},
                        "token",
                        "t"))
                .statusCode(400)
                .body("errors[0].field", equalTo("allowed_hosts[0]"));
        create(Map.of(
                        "name",
                        "x",
                        "auth_type",
                        "bearer",
                        "allowed_hosts",
                        new String[] {"a.example.com"},
                        "token",
                        "t",
                        "password",
                        "p"))
                .statusCode(400)
                .body("errors[0].field", equalTo("password"));
        create(Map.of(
                        "name",
                        "x",
                        "auth_type",
                        "bearer",
                        "allowed_hosts",
                        new String[] {"a.example.com"},
                        "token",
                        "t\r\nX-Injected: 1"))
                .statusCode(400)
                .body("errors[0].field", equalTo("token"));
        create(Map.of(
                        "name",
                        "x",
                        "auth_type",
                        "api_key",
                        "allowed_hosts",
                        new String[] {"a.example.com"},
                        "api_key_name",
                        "X Key",
                        "api_key_in",
                        "cookie",
                        "api_key",
                        "k"))
                .statusCode(400)
                .body("errors.field", hasItems("api_key_in", "api_key_name"));
        create(Map.of(
                        "name",
                        "x",
                        "auth_type",
                        "oauth2_client_credentials",
                        "allowed_hosts",
                        new String[] {"a.example.com"},
                        "token_url",
                        "http://auth.example.com/token",
                        "client_id",
                        "c",
                        "client_secret",
                        "s"))
                .statusCode(400)
                .body("errors[0].field", equalTo("token_url"));
        create(Map.of(
                        "name",
                        "x",
                        "auth_type",
                        "bearer",
                        "allowed_hosts",
                        new String[] {"a.example.com"},
                        "token",
                        "t",
                        "rate_limit_per_minute",
                        -5))
                .statusCode(400)
                .body("errors[0].field", equalTo("rate_limit_per_minute"));
        create(Map.of(
                        "name",
                        "Limited",
                        "auth_type",
                        "bearer",
                        "allowed_hosts",
                        new String[] {"a.example.com"},
                        "token",
                        "t",
                        "rate_limit_per_minute",
                        600))
                .statusCode(201)
                .body("rate_limit_per_minute", equalTo("600"));
        create(bearer("Twice", "t")).statusCode(201);
        create(bearer("twice", "t")).statusCode(409).body("errors[0].field", equalTo("name"));
    }

    @Test
    void aConnectionAnActionUsesCantBeDeletedAndTheAnswerNamesTheActions() {
        String id = create(Map.of(
                        "name",
                        "Shop",
                        "auth_type",
                        "bearer",
                        "allowed_hosts",
                        new String[] {"shop.example.com"},
                        "token",
                        "t"))
                .statusCode(201)
                .body("used_by", empty())
                .extract()
                .path("id");
        var withConnection = new HashMap<>(Seeds.getOrder("Get order"));
        withConnection.put("connection_id", id);
        String action = send("POST", "/actions", withConnection)
                .statusCode(201)
                .extract()
                .path("id");
        send("GET", "/connections/" + id, null)
                .statusCode(200)
                .body("used_by.id", contains(action))
                .body("used_by[0].name", equalTo("Get order"))
                .body("used_by[0].state", equalTo("draft"))
                .body("used_by[0].in_draft", equalTo(true))
                .body("used_by[0].in_live_version", equalTo(false));
        send("DELETE", "/connections/" + id, null)
                .statusCode(409)
                .body("errors.size()", equalTo(1))
                .body("errors[0].code", equalTo("conflict"))
                .body("errors[0].field", equalTo("actions[0]"))
                .body(
                        "errors[0].message",
                        equalTo("Connection 'Shop' can't be deleted: action 'Get order' uses it; "
                                + "give the action another connection or delete it first"));

        // Live with the connection, then a draft without it: the live version still sends it.
        send("POST", "/actions/" + action + "/publish", null).statusCode(200);
        send("PUT", "/actions/" + action, Seeds.getOrder("Get order")).statusCode(200);
        send("GET", "/connections", null)
                .statusCode(200)
                .body("data.find { it.id == '" + id + "' }.used_by[0].in_draft", equalTo(false))
                .body("data.find { it.id == '" + id + "' }.used_by[0].in_live_version", equalTo(true));
        send("DELETE", "/connections/" + id, null)
                .statusCode(409)
                .body("errors[0].message", containsString("live action 'Get order' (its live version) uses it"));
        send("GET", "/connections/" + id, null).statusCode(200);

        // Back to draft, whose draft doesn't use it: nothing does, and it goes.
        send("POST", "/actions/" + action + "/draft", null).statusCode(200);
        send("GET", "/connections/" + id, null).statusCode(200).body("used_by", empty());
        send("DELETE", "/connections/" + id, null).statusCode(204);
        send("GET", "/connections/" + id, null).statusCode(404);
    }

    ValidatableResponse send(String method, String path, Object body) {
        var request = given().auth().oauth2(admin).contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        return request.request(method, path).then();
    }

    @Test
    void anotherWorkspacesConnectionIsNotFound() {
        String id = create(bearer("Mine", "t")).statusCode(201).extract().path("id");
        String other = newWorkspaceAdmin("Other " + UUID.randomUUID());
        awaitAccepted(other);
        given().auth().oauth2(other).get("/connections/" + id).then().statusCode(404);
        given().auth().oauth2(other).delete("/connections/" + id).then().statusCode(404);
        given().auth().oauth2(other).get("/connections").then().body("data.id", not(hasItems(id)));
    }

    @Test
    void changesAndDeletionArePublishedOnDefinitionsChangesWithoutSecrets() throws Exception {
        String id = create(bearer("Published", "secret_on_kafka?"))
                .statusCode(201)
                .extract()
                .path("id");
        given().auth().oauth2(admin).delete("/connections/" + id).then().statusCode(204);
        given().auth().oauth2(admin).get("/connections/" + id).then().statusCode(404);

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (var tail = TopicTail.of(bootstrap, Topics.DEFINITIONS_CHANGES)) {
            var records = tail
                    .awaitUntil(
                            Duration.ofSeconds(20),
                            all -> all.stream()
                                            .filter(r -> r.key().endsWith(":connection:" + id))
                                            .count()
                                    == 2)
                    .stream()
                    .filter(r -> r.key().endsWith(":connection:" + id))
                    .toList();
            assertEquals(DefinitionChanged.TYPE_CHANGED, TopicTail.header(records.get(0), "ce_type"));
            var change = mapper.readTree(records.get(0).value());
            assertEquals("connection", change.get("kind").asText());
            assertEquals("bearer", change.at("/definition/auth_type").asText());
            assertFalse(
                    records.get(0).value().contains("secret_on_kafka"),
                    records.get(0).value());
            assertEquals(DefinitionChanged.TYPE_DELETED, TopicTail.header(records.get(1), "ce_type"));
            assertNull(records.get(1).value(), "a deletion is a tombstone");
            assertNotEquals(records.get(0).key(), null);
        }
        given().auth().oauth2(admin).get("/connections").then().statusCode(200).body("data", notNullValue());
    }
}
