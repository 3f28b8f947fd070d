package dev.customactions.definitions.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.common.auth.TokenHash;
import dev.customactions.definitions.Admins;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenApiTest {

    static String newWorkspaceAdmin(String name) {
        return Admins.newWorkspaceAdmin(name);
    }

    static void awaitAccepted(String token) {
        Admins.awaitAccepted(token);
    }

    static final String BOOTSTRAP = Admins.BOOTSTRAP;

    static ValidatableResponse createToken(String admin, String name, String... scopes) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name, "scopes", scopes))
                .when()
                .post("/tokens")
                .then();
    }

    @Test
    void bootstrapTokenFromConfigurationIsAnAdminOfTheFirstWorkspace() {
        awaitAccepted(BOOTSTRAP);
        given().auth()
                .oauth2(BOOTSTRAP)
                .get("/workspaces/current")
                .then()
                .statusCode(200)
                .body("id", notNullValue())
                .body("type", equalTo("workspace"));
    }

    @Test
    void onlyAnOperatorGrantsOrRevokesTheOperatorScopeAndEachTokenReadsItsOwnScopes() {
        awaitAccepted(BOOTSTRAP);
        given().auth()
                .oauth2(BOOTSTRAP)
                .get("/tokens/current")
                .then()
                .statusCode(200)
                .body("scopes", hasItem("operator"))
                .body("scopes", hasItem("objects_read"));
        String admin = newWorkspaceAdmin("Operators not");
        awaitAccepted(admin);
        given().auth()
                .oauth2(admin)
                .get("/tokens/current")
                .then()
                .statusCode(200)
                .body(
                        "scopes",
                        containsInAnyOrder("admin", "agent", "channel_events", "objects_read", "objects_write"));
        createToken(admin, "would-be operator", "operator")
                .statusCode(403)
                .body("errors[0].field", equalTo("scopes"))
                .body("errors[0].message", equalTo("Only a platform operator's token grants the operator scope"));
        String reader = createToken(admin, "reader", "objects_read")
                .statusCode(201)
                .extract()
                .path("token");
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() ->
                        given().auth().oauth2(reader).get("/tokens/current").statusCode() == 200);
        given().auth().oauth2(reader).get("/tokens/current").then().body("scopes", contains("objects_read"));
        String operatorId = createToken(BOOTSTRAP, "second operator", "admin", "operator")
                .statusCode(201)
                .body("scopes", containsInAnyOrder("admin", "operator"))
                .extract()
                .path("id");
        // An admin of the operators' workspace neither revokes an operator's token; an operator does.
        String firstAdmin = createToken(BOOTSTRAP, "first admin", "admin")
                .statusCode(201)
                .extract()
                .path("token");
        awaitAccepted(firstAdmin);
        given().auth()
                .oauth2(firstAdmin)
                .delete("/tokens/" + operatorId)
                .then()
                .statusCode(403)
                .body("errors[0].field", equalTo("id"))
                .body(
                        "errors[0].message",
                        equalTo("Only a platform operator's token revokes a token with the operator scope"));
        given().auth()
                .oauth2(BOOTSTRAP)
                .delete("/tokens/" + operatorId)
                .then()
                .statusCode(200)
                .body("revoked_at", notNullValue());
    }

    @Inject
    TokenService tokens;

    @Test
    void aScopeGivenToAnExistingTokenTakesEffectEverywhereOnce() {
        // As the bootstrap token of a release before the operator scope is given it on start.
        String admin = newWorkspaceAdmin("Upgraded");
        awaitAccepted(admin);
        UUID id = ApiToken.findByHash(TokenHash.sha256(admin)).orElseThrow().id;
        assertTrue(tokens.grant(id, "operator"));
        assertFalse(tokens.grant(id, "operator"), "given once");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> given().auth()
                .oauth2(admin)
                .get("/tokens/current")
                .then()
                .extract()
                .jsonPath()
                .getList("scopes")
                .contains("operator"));
    }

    @Test
    void issuedTokenIsShownOnceListedWithoutSecretAndStoredOnlyAsHash() {
        String admin = newWorkspaceAdmin("Acme");
        awaitAccepted(admin);
        String secret = createToken(admin, "chat widget", "channel_events")
                .statusCode(201)
                .body("scopes", contains("channel_events"))
                .body("revoked_at", nullValue())
                .extract()
                .path("token");

        given().auth()
                .oauth2(admin)
                .get("/tokens")
                .then()
                .statusCode(200)
                .body("type", equalTo("list"))
                .body("data", hasSize(2))
                .body("data.name", containsInAnyOrder("admin", "chat widget"))
                .body("data.token", contains(nullValue(), nullValue()));

        ApiToken stored = ApiToken.findByHash(TokenHash.sha256(secret)).orElseThrow();
        assertEquals("chat widget", stored.name);
        assertFalse(stored.tokenSha256.contains(secret));
    }

    @Test
    void requestsWithoutOrWithBadTokenAre401WithTheErrorList() {
        given().get("/tokens")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("error.list"))
                .body("request_id", notNullValue())
                .body("errors[0].code", equalTo("unauthorized"));
        given().auth()
                .oauth2("cat_not_a_token")
                .get("/tokens")
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("unauthorized"));
        given().header("Authorization", "Basic dXNlcjpwYXNz")
                .get("/tokens")
                .then()
                .statusCode(401);
    }

    @Test
    void tokenWithoutTheAdminScopeIs403() {
        String admin = newWorkspaceAdmin("Scoped");
        awaitAccepted(admin);
        String reader = createToken(admin, "reader", "objects_read")
                .statusCode(201)
                .extract()
                .path("token");
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().auth().oauth2(reader).get("/tokens").statusCode() != 401);
        given().auth()
                .oauth2(reader)
                .get("/tokens")
                .then()
                .statusCode(403)
                .body("errors[0].code", equalTo("forbidden"));
    }

    @Test
    void revokedTokenIsRefusedWithinSeconds() {
        String admin = newWorkspaceAdmin("Revocation");
        awaitAccepted(admin);
        var created = createToken(admin, "temporary", "admin").statusCode(201).extract();
        String secret = created.path("token");
        String id = created.path("id");
        awaitAccepted(secret);

        given().auth()
                .oauth2(admin)
                .delete("/tokens/" + id)
                .then()
                .statusCode(200)
                .body("revoked_at", notNullValue())
                .body("token", nullValue());

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        given().auth().oauth2(secret).get("/workspaces/current").statusCode() == 401);
        given().auth()
                .oauth2(admin)
                .get("/tokens")
                .then()
                .body("data.find { it.id == '" + id + "' }.revoked_at", notNullValue());
    }

    @Test
    void aTokenOfAnotherWorkspaceIsNotFound() {
        String adminA = newWorkspaceAdmin("A");
        String adminB = newWorkspaceAdmin("B");
        awaitAccepted(adminA);
        awaitAccepted(adminB);
        String idInA = createToken(adminA, "a-token", "objects_read")
                .statusCode(201)
                .extract()
                .path("id");

        given().auth()
                .oauth2(adminB)
                .delete("/tokens/" + idInA)
                .then()
                .statusCode(404)
                .body("errors[0].code", equalTo("not_found"));
        given().auth().oauth2(adminB).get("/tokens").then().body("data.id", Matchers.not(hasItem(idInA)));
    }

    @Test
    void invalidTokenRequestsNameTheField() {
        String admin = newWorkspaceAdmin("Validation");
        awaitAccepted(admin);
        createToken(admin, "x", "superuser")
                .statusCode(400)
                .body("errors[0].field", equalTo("scopes"))
                .body("errors[0].code", equalTo("parameter_invalid"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("scopes", new String[] {"admin"}))
                .post("/tokens")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"name\": ")
                .post("/tokens")
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("bad_request"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"name\": \"n\", \"scopes\": \"admin\"}")
                .post("/tokens")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("scopes"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"name\": \"n\", \"scopes\": [\"admin\"], \"colour\": 1}")
                .post("/tokens")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("colour"));
    }
}
