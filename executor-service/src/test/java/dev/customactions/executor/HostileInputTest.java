package dev.customactions.executor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.testing.HostileRequests;
import dev.customactions.common.testing.TestTokens;
import io.quarkus.logging.Log;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HostileInputTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersHostileInputWithA4xxErrorListNeverA5xx() throws IOException {
        var token = TestTokens.grant(Fixtures.bootstrapServers(), Fixtures.newId(), Scopes.ADMIN);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().auth().oauth2(token.secret()).get("/runs").statusCode() == 200);
        var report = HostileRequests.run(base, token.secret(), HostileRequests.seed(), 300);
        String summary = HostileRequests.summary(report);
        Log.info(summary);
        assertTrue(report.failures().isEmpty(), summary);
        assertTrue(report.sent() >= 500, summary);
    }
}
