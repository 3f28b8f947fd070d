package dev.customactions.definitions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.customactions.common.auth.TokenHash;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/** Workspaces and admin tokens for the definitions service's tests. */
public final class Admins {

    /** The bootstrap admin token of the test profile. */
    public static final String BOOTSTRAP = "cat_test_bootstrap_admin_token";

    private Admins() {}

    /** Creates a workspace with the bootstrap token; answers its first admin token's secret. */
    public static String newWorkspaceAdmin(String name) {
        return given().auth()
                .oauth2(BOOTSTRAP)
                .contentType("application/json")
                .body(Map.of("name", name))
                .when()
                .post("/workspaces")
                .then()
                .statusCode(201)
                .body("name", equalTo(name))
                .body("admin_token.scopes", contains("admin"))
                .body("admin_token.token", startsWith(TokenHash.PREFIX))
                .extract()
                .path("admin_token.token");
    }

    /** Waits until {@code token} is accepted (its grant has travelled through auth.tokens). */
    public static void awaitAccepted(String token) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() ->
                        given().auth().oauth2(token).get("/workspaces/current").statusCode() == 200);
    }

    /** A new workspace's admin token, accepted. */
    public static String newAcceptedAdmin(String name) {
        String token = newWorkspaceAdmin(name);
        awaitAccepted(token);
        return token;
    }
}
