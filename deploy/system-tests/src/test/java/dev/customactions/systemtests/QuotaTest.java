package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.DEFINITIONS;
import static dev.customactions.systemtests.Platform.GATEWAY;
import static dev.customactions.systemtests.Story.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.TopicTail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A workspace's request rate limit set by the platform operator through the definitions API reaches the
 * gateway, and Intercom's official TypeScript SDK, unchanged, meets its 429 as it meets Intercom's: it waits the
 * {@code Retry-After} and retries, every call ends well, and each event is published once.
 */
@ExtendWith(Platform.class)
class QuotaTest {

    private static final int EVENTS = 5;

    @Test
    void intercomsSdkWaitsOutA429AndEveryEventIsPublishedOnce() throws Exception {
        String admin = Platform.newWorkspaceAdmin("Quota " + UUID.randomUUID());
        String workspaceId =
                Http.get(DEFINITIONS + "/workspaces/current", admin).at("/id").asText();
        String operator = Platform.launcher().adminToken();

        // 12 a minute: 2 in each 10-second window. An admin may not raise it; the operator sets it.
        check(
                Http.send("PUT", DEFINITIONS + "/quotas/" + workspaceId, admin, Map.of("requests_per_minute", 1000)),
                403);
        Http.Answer set = check(
                Http.send("PUT", DEFINITIONS + "/quotas/" + workspaceId, operator, Map.of("requests_per_minute", 12)),
                200);
        assertTrue(set.at("/overridden").asBoolean(), set.toString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(gatewayLimit(admin)));

        double refusedBefore = Metrics.of(GATEWAY).sum("customactions_quota_refused_total");
        String prefix = "quota-" + UUID.randomUUID();
        JsonNode run = sdk(Map.of("base_url", GATEWAY, "token", admin, "count", EVENTS, "prefix", prefix));

        // Every call ended well, at least one only after a 429 it waited out as Retry-After said.
        for (JsonNode result : run.at("/results")) {
            assertTrue(result.hasNonNull("conversation_id"), run.toString());
        }
        List<JsonNode> attempts = new ArrayList<>();
        run.at("/attempts").forEach(attempts::add);
        int refused = 0;
        for (int i = 0; i < attempts.size(); i++) {
            JsonNode attempt = attempts.get(i);
            if (attempt.at("/status").asInt() != 429) {
                assertEquals(200, attempt.at("/status").asInt(), run.toString());
                continue;
            }
            refused++;
            long retryAfter = Long.parseLong(attempt.at("/retry_after").asText());
            assertTrue(retryAfter >= 1 && retryAfter <= 10, run.toString());
            JsonNode retry = attempts.get(i + 1);
            assertEquals(attempt.at("/event_id").asText(), retry.at("/event_id").asText(), "the same call, retried");
            long waited = retry.at("/at_ms").asLong() - attempt.at("/at_ms").asLong();
            assertTrue(waited >= retryAfter * 1000 - 100, "waited " + waited + " ms of " + retryAfter + " s");
        }
        assertTrue(refused >= 1, "5 calls in a row meet the limit of 2 per window: " + run);
        assertTrue(Metrics.of(GATEWAY).sum("customactions_quota_refused_total") >= refusedBefore + refused);

        // Each event published once: the refused attempts left nothing.
        try (var events = TopicTail.of(Platform.launcher().kafkaBootstrapServers(), "channel.events")) {
            List<String> published =
                    events
                            .awaitUntil(
                                    Duration.ofSeconds(30),
                                    all -> ours(all, prefix).size() >= EVENTS)
                            .stream()
                            .filter(r -> r.value() != null && r.value().contains(prefix))
                            .map(r -> r.value())
                            .toList();
            for (int i = 0; i < EVENTS; i++) {
                String eventId = "\"" + prefix + "-" + i + "\"";
                assertEquals(
                        1, published.stream().filter(v -> v.contains(eventId)).count(), eventId);
            }
        }
    }

    private static List<String> ours(
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> all, String prefix) {
        return all.stream()
                .map(r -> r.value())
                .filter(v -> v != null && v.contains(prefix))
                .toList();
    }

    /** The window limit the gateway answers the workspace of {@code token} with (an empty body costs one). */
    private static String gatewayLimit(String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(GATEWAY + "/custom_channel_events/notify_new_conversation"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        HttpResponse<String> answer =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return answer.headers().firstValue("X-RateLimit-Limit").orElse(null);
    }

    /** Runs {@code console/web/e2e/intercom-client.mjs} with {@code arguments}; its one line of JSON. */
    private static JsonNode sdk(Map<String, Object> arguments) throws Exception {
        Process node = Platform.node("e2e/intercom-client.mjs", Http.JSON.writeValueAsString(arguments));
        // Read on another thread: a client that hangs must fail the test, not hold it.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!node.waitFor(120, TimeUnit.SECONDS) || node.exitValue() != 0) {
            node.destroyForcibly();
            throw new IllegalStateException("The Intercom SDK's client failed or hung: " + out.getNow("(no output)"));
        }
        return Http.JSON.readTree(out.get(10, TimeUnit.SECONDS));
    }
}
