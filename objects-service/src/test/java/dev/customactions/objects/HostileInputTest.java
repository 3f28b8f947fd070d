package dev.customactions.objects;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.common.testing.HostileRequests;
import io.quarkus.logging.Log;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HostileInputTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersHostileInputWithA4xxErrorListNeverA5xx() throws IOException {
        var workspace = Workspaces.create();
        workspace.orderType();
        var report = HostileRequests.run(base, workspace.admin().secret(), HostileRequests.seed(), 80);
        String summary = HostileRequests.summary(report);
        Log.info(summary);
        assertTrue(report.failures().isEmpty(), summary);
        assertTrue(report.sent() >= 1_000, summary);
    }

    @Test
    void unstorableTextInCustomAttributesIsRefusedNamingIt() {
        var workspace = Workspaces.create();
        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {\"note\": [\"ok\", \"a\\u0000\"]}}")
                .put("/contacts/" + UUID.randomUUID())
                .then()
                .statusCode(400)
                .body("type", equalTo("error.list"))
                .body("errors[0].field", equalTo("custom_attributes.note[1]"));
        workspace
                .asAdmin()
                .body("{\"external_id\": \"1\", \"custom_attributes\": {\"st\\ud800\": \"x\"}}")
                .post("/custom_object_instances/Order")
                .then()
                .statusCode(400)
                .body("type", equalTo("error.list"))
                .body("errors[0].field", startsWith("custom_attributes"));
        workspace
                .asAdmin()
                .urlEncodingEnabled(false)
                .get("/contacts/a%00b")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("id"));
        workspace
                .asAdmin()
                .urlEncodingEnabled(false)
                .get("/contacts?external_id=%ED%A0%80")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("external_id"));
    }

    @Test
    void aPageSizeThatIsNoWholeNumberIsRefusedNamingIt() {
        var workspace = Workspaces.create();
        for (String path : new String[] {"/contacts", "/conversations", "/write_rejections"}) {
            for (String value : new String[] {"abc", "2.5", "99999999999"}) {
                workspace
                        .asAdmin()
                        .get(path + "?per_page=" + value)
                        .then()
                        .statusCode(400)
                        .body("type", equalTo("error.list"))
                        .body("errors[0].field", equalTo("per_page"))
                        .body("errors[0].message", equalTo("per_page must be a whole number, such as 25"));
            }
        }
    }
}
