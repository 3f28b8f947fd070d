package dev.customactions.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.common.auth.Scopes;
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
        var token = GatewayTestSupport.token(Scopes.CHANNEL_EVENTS);
        var report = HostileRequests.run(base, token.secret(), HostileRequests.seed(), 300);
        String summary = HostileRequests.summary(report);
        Log.info(summary);
        assertTrue(report.failures().isEmpty(), summary);
        assertTrue(report.sent() >= 1_000, summary);
    }

    @Test
    void unstorableTextInAnyFieldIsRefusedNamingIt() {
        var token = GatewayTestSupport.token(Scopes.CHANNEL_EVENTS);
        GatewayTestSupport.post(
                        token.secret(),
                        "notify_new_conversation",
                        GatewayTestSupport.SEED_NEW_CONVERSATION.replace("Jane Doe", "Ja\\u0000ne"))
                .then()
                .statusCode(400)
                .body("type", equalTo("error.list"))
                .body("errors[0].field", equalTo("contact.name"))
                .body("errors[0].message", equalTo("contact.name holds a NUL character (U+0000)"));
        GatewayTestSupport.post(token.secret(), "notify_attribute_collected", """
                {"event_id": "evt_h1", "external_conversation_id": "conv_h1",
                 "contact": {"type": "lead", "external_id": "l1"},
                 "attribute": {"id": "order_number", "value": "10\\ud80001"}}""")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("attribute.value"));
        GatewayTestSupport.post(token.secret(), "notify_new_message", """
                {"event_id": "evt_h2", "event_id": "evt_h2", "external_conversation_id": "conv_h2",
                 "contact": {"type": "lead", "external_id": "l2"}, "body": "hi"}""")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("event_id"))
                .body("errors[0].message", equalTo("event_id is given more than once"));
    }
}
