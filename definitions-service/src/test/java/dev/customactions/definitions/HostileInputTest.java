package dev.customactions.definitions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.common.testing.HostileRequests;
import io.quarkus.logging.Log;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HostileInputTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersHostileInputWithA4xxErrorListNeverA5xx() throws IOException {
        String token = Admins.newAcceptedAdmin("hostile input");
        var report = HostileRequests.run(base, token, HostileRequests.seed(), 80);
        String summary = HostileRequests.summary(report);
        Log.info(summary);
        assertTrue(report.failures().isEmpty(), summary);
        assertTrue(report.sent() >= 1_000, summary);
    }

    @Test
    void nullInATypedListIsRefusedNamingIt() {
        String token = Admins.newAcceptedAdmin("null in a list");
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"name\": \"t\", \"event_kinds\": [null]}")
                .post("/triggers")
                .then()
                .statusCode(400)
                .body("type", equalTo("error.list"))
                .body("errors[0].field", equalTo("event_kinds[0]"))
                .body("errors[0].message", equalTo("event_kinds[0] must not be null"));
    }
}
