package dev.customactions.definitions.quota;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.auth.TokenRegistry;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.quota.QuotaChanged;
import dev.customactions.common.quota.Quotas;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.definitions.Admins;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Workspaces' request rate limits: an operator lists every workspace's, sets one of its own and puts it back on
 * the configured one, each change published on auth.tokens and followed by the services' registries; an admin
 * reads only its own and changes nothing; bad values are refused naming the field.
 */
@QuarkusTest
class QuotaApiTest {

    @Inject
    TokenRegistry tokens;

    @Inject
    Quotas quotas;

    @Inject
    ObjectMapper mapper;

    @Test
    void anOperatorSetsAWorkspacesLimitEveryServiceFollowsAndAnAdminOnlyReadsItsOwn() throws Exception {
        String marker = UUID.randomUUID().toString();
        String admin = Admins.newAcceptedAdmin("quota " + marker);
        String workspace =
                given().auth().oauth2(admin).get("/workspaces/current").path("id");
        String other = Admins.newAcceptedAdmin("quota other " + marker);
        String otherWorkspace =
                given().auth().oauth2(other).get("/workspaces/current").path("id");

        // The admin reads its own limit, the configured one, and nothing else.
        given().auth()
                .oauth2(admin)
                .get("/quotas")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(1))
                .body("data[0].workspace_id", equalTo(workspace))
                .body("data[0].requests_per_minute", equalTo(10_000))
                .body("data[0].configured_requests_per_minute", equalTo(10_000))
                .body("data[0].overridden", equalTo(false))
                .body("data[0].updated_at", nullValue());
        given().auth().oauth2(admin).get("/quotas/" + otherWorkspace).then().statusCode(404);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("requests_per_minute", 1_000_000))
                .put("/quotas/" + workspace)
                .then()
                .statusCode(403);

        // Bad values are refused, naming the field; an unknown workspace is a 404.
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .contentType(ContentType.JSON)
                .body(Map.of("requests_per_minute", 5))
                .put("/quotas/" + workspace)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("requests_per_minute"));
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .put("/quotas/" + workspace)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("requests_per_minute"));
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .contentType(ContentType.JSON)
                .body(Map.of("requests_per_minute", 600))
                .put("/quotas/" + UUID.randomUUID())
                .then()
                .statusCode(404);

        // The operator finds the workspace by name and gives it a limit of its own.
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .queryParam("name", "QUOTA " + marker.toUpperCase(Locale.ROOT))
                .get("/quotas")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(1))
                .body("data[0].workspace_name", equalTo("quota " + marker));
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .contentType(ContentType.JSON)
                .body(Map.of("requests_per_minute", 600))
                .put("/quotas/" + workspace)
                .then()
                .statusCode(200)
                .body("requests_per_minute", equalTo(600))
                .body("configured_requests_per_minute", equalTo(10_000))
                .body("overridden", equalTo(true))
                .body("updated_by", notNullValue());
        given().auth()
                .oauth2(admin)
                .get("/quotas/" + workspace)
                .then()
                .statusCode(200)
                .body("requests_per_minute", equalTo(600));
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .queryParam("per_page", 100)
                .get("/quotas")
                .then()
                .statusCode(200)
                .body("data.workspace_id", hasItem(otherWorkspace));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tokens.requestsPerMinute(workspace)
                .equals(OptionalInt.of(600)));
        assertEquals(600, quotas.requestsPerMinute(workspace));
        assertEquals(10_000, quotas.requestsPerMinute(otherWorkspace));

        // Back on the configured limit: a tombstone, and the registries forget it.
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .delete("/quotas/" + workspace)
                .then()
                .statusCode(200)
                .body("requests_per_minute", equalTo(10_000))
                .body("overridden", equalTo(false));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tokens.requestsPerMinute(workspace)
                .isEmpty());
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (var tail = TopicTail.of(bootstrap, Topics.AUTH_TOKENS)) {
            var records = tail
                    .awaitUntil(
                            Duration.ofSeconds(20),
                            all -> all.stream()
                                            .filter(r -> r.key().equals(QuotaChanged.key(workspace)))
                                            .count()
                                    == 2)
                    .stream()
                    .filter(r -> r.key().equals(QuotaChanged.key(workspace)))
                    .toList();
            assertEquals(QuotaChanged.TYPE_SET, TopicTail.header(records.get(0), "ce_type"));
            assertEquals(
                    600,
                    mapper.readValue(records.get(0).value(), QuotaChanged.class).requestsPerMinute());
            assertEquals(QuotaChanged.TYPE_RESET, TopicTail.header(records.get(1), "ce_type"));
            assertNull(records.get(1).value());
        }
    }
}
