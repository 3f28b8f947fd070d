package dev.customactions.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.testing.HostileRequests;
import io.quarkus.logging.Log;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HostileInputTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyOperationAnswersHostileInputWithA4xxErrorListNeverA5xx() throws IOException {
        var token = GatewayTestSupport.token(Scopes.CHANNEL_EVENTS);
        var report = HostileRequests.run(base, token.secret(), HostileRequests.seed(), 300);
        String summary = HostileRequests.summary(report);
        Log.info(summary);
        assertTrue(report.failures().isEmpty(), summary);
        assertTrue(report.sent() >= 1_000, summary);
    }
}
