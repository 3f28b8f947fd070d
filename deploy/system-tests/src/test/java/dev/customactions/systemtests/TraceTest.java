package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.EXECUTOR;
import static dev.customactions.systemtests.Platform.GATEWAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TopicTail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One trace crosses every hop of an event: the gateway's request, {@code channel.events}, the
 * executor's run and its call to the third party, {@code action.results} and the objects service's
 * write. The client starts the trace (a sampled {@code traceparent}); every service's spans reach
 * the collector under that trace id, which is also on the result, in its record's header, in the
 * run log and on the third party's request.
 */
@ExtendWith(Platform.class)
class TraceTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void oneTraceFromTheGatewayToTheObjectsService() throws Exception {
        try (var shop = StandIn.start().otherwise(StandIn.echoOrder());
                var results = TopicTail.of(Platform.launcher().kafkaBootstrapServers(), "action.results")) {
            Story story = Story.create("Traced", shop.url("127.0.0.1", ""), 5000);
            var random = new SecureRandom();
            String traceId = HexFormat.of().formatHex(random.generateSeed(16));
            String clientSpanId = HexFormat.of().formatHex(random.generateSeed(8));
            String eventId = "evt_" + UUID.randomUUID();
            String conversation = "traced-" + UUID.randomUUID();

            var request = HttpRequest.newBuilder(URI.create(GATEWAY + "/custom_channel_events/notify_new_message"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + story.admin)
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-" + clientSpanId + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event_id\":\"" + eventId
                            + "\",\"external_conversation_id\":\"" + conversation
                            + "\",\"contact\":{\"type\":\"user\",\"external_id\":\"u-" + conversation
                            + "\",\"name\":\"Traced customer\",\"email\":\"traced@example.com\"},"
                            + "\"body\":\"4711\"}"))
                    .build();
            var answer = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());

            var record = results.awaitRecord(
                    Duration.ofSeconds(60), r -> r.value() != null && r.value().contains(eventId));
            JsonNode result = Http.JSON.readTree(record.value());
            assertEquals("success", result.path("status").asText(), record.value());
            assertEquals(traceId, result.path("trace_id").asText(), "the result's trace_id");
            String traceparent = TopicTail.header(record, "traceparent");
            assertNotNull(traceparent, "the result's record carries traceparent");
            assertTrue(traceparent.startsWith("00-" + traceId + "-"), traceparent);

            List<StandIn.Call> calls = shop.calls("/orders/4711.json");
            assertEquals(1, calls.size(), "one call to the third party");
            assertTrue(
                    calls.get(0).header("traceparent").startsWith("00-" + traceId + "-"),
                    "the third party's request continues the trace: "
                            + calls.get(0).header("traceparent"));

            String runId = result.path("run_id").asText();
            assertEquals(
                    traceId,
                    Http.get(EXECUTOR + "/runs/" + runId, story.admin)
                            .at("/trace_id")
                            .asText(),
                    "the run log's trace_id");

            // Spans are exported in batches: wait until each hop's span has arrived.
            Set<String> expected = Set.of(
                    "channel-gateway SERVER",
                    "executor-service INTERNAL run action",
                    "executor-service CLIENT GET",
                    "objects-service CONSUMER store action.results",
                    "objects-service CONSUMER store channel.events");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertTrue(
                            hops(traceId).containsAll(expected),
                            "spans of trace " + traceId + ": "
                                    + Platform.traces().trace(traceId)));
            // The platform runs with CUSTOMACTIONS_TRACES_RATIO=0: of all the traffic of the system
            // tests, only the traces a caller marked sampled (this one) are recorded.
            assertEquals(Set.of(traceId), Platform.traces().traceIds(), "only the caller-sampled trace is recorded");
            var spans = Platform.traces().trace(traceId);
            var server = spans.stream()
                    .filter(span -> span.service().equals("channel-gateway")
                            && span.kind().equals("SPAN_KIND_SERVER"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(clientSpanId, server.parentSpanId(), "the gateway's span continues the client's");
            var run = spans.stream()
                    .filter(span -> span.name().equals("run action"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    spans.stream()
                            .anyMatch(span -> span.kind().equals("SPAN_KIND_CLIENT")
                                    && span.parentSpanId().equals(run.spanId())),
                    "the outbound call is a child of the run: " + spans);
        }
    }

    /** The hops of {@code traceId} seen so far, as "service KIND [name]". */
    private static Set<String> hops(String traceId) {
        return Platform.traces().trace(traceId).stream()
                .flatMap(span -> {
                    String kind = span.kind().replace("SPAN_KIND_", "");
                    return Stream.of(span.service() + " " + kind, span.service() + " " + kind + " " + span.name());
                })
                .collect(Collectors.toSet());
    }
}
