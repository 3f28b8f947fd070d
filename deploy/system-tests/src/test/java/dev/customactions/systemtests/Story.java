package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.DEFINITIONS;
import static dev.customactions.systemtests.Platform.GATEWAY;
import static dev.customactions.systemtests.Platform.OBJECTS;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.TopicTail;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * A workspace set up as in the seed's story, reduced to what fault tests need: a conversation
 * attribute, an action that reads an order from a stand-in and maps its status onto the
 * conversation, a trigger running it on every message (the message body is the order id), and a
 * way to send many messages through the gateway and count what came out of the platform.
 */
final class Story {

    /** A message sent: its event id, conversation, body, the gateway's answer, and when it was sent. */
    record Sent(String eventId, String conversation, String body, int status, Instant sentAt) {}

    final String admin;
    final String workspaceId;
    final String actionId;
    /** Messages the gateway answered 503 so far (Kafka or PostgreSQL unavailable: the client may retry). */
    final AtomicInteger refused = new AtomicInteger();

    private Story(String admin, String workspaceId, String actionId) {
        this.admin = admin;
        this.workspaceId = workspaceId;
        this.actionId = actionId;
    }

    static Story create(String name, String baseUrl, int timeoutMs) {
        return create(name, baseUrl, timeoutMs, "get");
    }

    /**
     * The story with its action calling the stand-in with {@code httpMethod}; a {@code post} sends
     * {@code {"order_id": ...}} and carries the run id as {@code Idempotency-Key}.
     */
    static Story create(String name, String baseUrl, int timeoutMs, String httpMethod) {
        String admin = Platform.newWorkspaceAdmin(name + " " + UUID.randomUUID());
        String workspaceId =
                Http.get(DEFINITIONS + "/workspaces/current", admin).at("/id").asText();
        check(
                Http.post(
                        OBJECTS + "/data_attributes",
                        admin,
                        Map.of(
                                "name",
                                "last_order",
                                "model",
                                "conversation",
                                "data_type",
                                "string",
                                "messenger_writable",
                                true)),
                201);
        var definition = new HashMap<String, Object>(Map.of(
                "name",
                "Get order",
                "http_method",
                httpMethod,
                "url",
                baseUrl + "/orders/{{order_id}}.json",
                "data_inputs",
                List.of(Map.of("name", "order_id", "type", "string", "required", true)),
                "response_fields",
                List.of(Map.of("name", "status", "path", "$.order.fulfillment_status", "type", "string")),
                "object_mappings",
                List.of(Map.of("target", "conversation", "attributes", Map.of("last_order", "status"))),
                "timeout_ms",
                timeoutMs));
        if (!"get".equals(httpMethod)) {
            definition.put("body", Map.of("order_id", "{{order_id}}"));
        }
        String action = check(Http.post(DEFINITIONS + "/actions", admin, definition), 201)
                .at("/id")
                .asText();
        check(Http.post(DEFINITIONS + "/actions/" + action + "/publish", admin, null), 200);
        String trigger = check(
                        Http.post(
                                DEFINITIONS + "/triggers",
                                admin,
                                Map.of(
                                        "name",
                                        "Every message",
                                        "action_id",
                                        action,
                                        "event_kinds",
                                        List.of("new_message"),
                                        "input_bindings",
                                        Map.of("order_id", "{{event.body}}"),
                                        "enabled",
                                        true)),
                        201)
                .at("/id")
                .asText();
        Platform.awaitPublished("trigger", trigger);
        return new Story(admin, workspaceId, action);
    }

    /** Sends one message and waits for its result: the story works end to end before a fault is injected. */
    void probe(TopicTail results) {
        List<Sent> sent = send(1, 1, 1);
        if (sent.get(0).status() != 200) {
            throw new AssertionError("The gateway answered " + sent.get(0).status() + " to the probe message");
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> results(results)
                .containsKey(sent.get(0).eventId()));
    }

    static Http.Answer check(Http.Answer answer, int status) {
        if (answer.status() != status) {
            throw new AssertionError("Expected " + status + ": " + answer);
        }
        return answer;
    }

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Sends {@code perConversation} messages to each of {@code conversations} conversations (bodies
     * {@code <conversation>-<n>}, in order within a conversation), {@code concurrency} requests at once.
     */
    // sendAfter's futures are kept in previous and joined there.
    @SuppressWarnings("FutureReturnValueIgnored")
    List<Sent> send(int conversations, int perConversation, int concurrency) {
        var sent = new ConcurrentHashMap<String, Sent>();
        var limit = new Semaphore(concurrency);
        List<String> names = conversationNames(conversations);
        var previous = new HashMap<String, CompletableFuture<Void>>();
        for (int n = 0; n < perConversation; n++) {
            for (String conversation : names) {
                limit.acquireUninterruptibly();
                sendAfter(previous, conversation, conversation + "-" + n, sent)
                        .whenComplete((ok, failure) -> limit.release());
            }
        }
        previous.values().forEach(CompletableFuture::join);
        return List.copyOf(sent.values());
    }

    /**
     * Offers messages at {@code perSecond} for {@code duration}, open loop: the n-th is due n / perSecond
     * after the start, however the earlier ones fare, except that a conversation's message waits for the
     * answer to its previous one (they stay in order). They go round {@code conversations} conversations,
     * bodies {@code <conversation>-<n>}. Answers once every message is answered.
     */
    // sendAfter's futures are kept in previous and joined there.
    @SuppressWarnings("FutureReturnValueIgnored")
    List<Sent> offer(double perSecond, Duration duration, int conversations) {
        var sent = new ConcurrentHashMap<String, Sent>();
        List<String> names = conversationNames(conversations);
        var previous = new HashMap<String, CompletableFuture<Void>>();
        int total = (int) Math.round(perSecond * duration.toMillis() / 1000.0);
        var next = new AtomicInteger();
        var lastDue = new CompletableFuture<Void>();
        var clock = Executors.newSingleThreadScheduledExecutor();
        try {
            var ticks = clock.scheduleAtFixedRate(
                    () -> {
                        int n = next.getAndIncrement();
                        try {
                            if (n < total) {
                                String conversation = names.get(n % names.size());
                                sendAfter(previous, conversation, conversation + "-" + n / names.size(), sent);
                            }
                        } catch (RuntimeException e) {
                            lastDue.completeExceptionally(e);
                        }
                        if (n == total - 1) {
                            lastDue.complete(null);
                        }
                    },
                    0,
                    Math.round(1e9 / perSecond),
                    TimeUnit.NANOSECONDS);
            lastDue.join();
            ticks.cancel(false);
        } finally {
            clock.shutdown();
        }
        CompletableFuture.allOf(previous.values().toArray(CompletableFuture[]::new))
                .join();
        return List.copyOf(sent.values());
    }

    private static List<String> conversationNames(int conversations) {
        var names = new ArrayList<String>();
        for (int c = 0; c < conversations; c++) {
            names.add("c" + c + "x" + UUID.randomUUID().toString().substring(0, 8));
        }
        return names;
    }

    /** Sends one message once the conversation's previous message is answered; records the answer in {@code sent}. */
    private CompletableFuture<Void> sendAfter(
            Map<String, CompletableFuture<Void>> previous, String conversation, String body, Map<String, Sent> sent) {
        String eventId = "evt_" + UUID.randomUUID();
        var after = previous.getOrDefault(conversation, CompletableFuture.completedFuture(null));
        var sentAt = new AtomicReference<Instant>();
        CompletableFuture<Void> done = after.thenCompose(ignored -> {
                    sentAt.set(Instant.now());
                    return post(eventId, conversation, body);
                })
                .thenAccept(status -> {
                    if (status == 503) {
                        refused.incrementAndGet();
                    }
                    sent.put(eventId, new Sent(eventId, conversation, body, status, sentAt.get()));
                });
        previous.put(conversation, done);
        return done;
    }

    private CompletableFuture<Integer> post(String eventId, String conversation, String body) {
        return post(GATEWAY, eventId, conversation, body);
    }

    /** Sends message {@code body} of {@code conversation} to the gateway at {@code gateway}; answers its status (-1: no answer). */
    CompletableFuture<Integer> post(String gateway, String eventId, String conversation, String body) {
        String json = "{\"event_id\":\"" + eventId + "\",\"external_conversation_id\":\"" + conversation
                + "\",\"contact\":{\"type\":\"user\",\"external_id\":\"u-" + conversation
                + "\",\"name\":\"Customer " + conversation + "\",\"email\":\"" + conversation
                + "@example.com\"},\"body\":\"" + body + "\"}";
        var request = HttpRequest.newBuilder(URI.create(gateway + "/custom_channel_events/notify_new_message"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode)
                .exceptionally(failure -> -1);
    }

    /** The results of this workspace read so far, by source event id (a list: a run id may come twice). */
    Map<String, List<JsonNode>> results(TopicTail results) {
        var byEvent = new HashMap<String, List<JsonNode>>();
        for (var record : results.poll()) {
            if (record.value() == null || !record.value().contains(workspaceId)) {
                continue;
            }
            try {
                JsonNode result = Http.JSON.readTree(record.value());
                if (workspaceId.equals(result.path("workspace_id").asText())) {
                    byEvent.computeIfAbsent(result.path("source_event_id").asText(), k -> new ArrayList<>())
                            .add(result);
                }
            } catch (IOException e) {
                // another test's poison record
            }
        }
        return byEvent;
    }

    /** The conversation's stored last_order, looked up by its external id. */
    String lastOrder(String conversation) {
        return Http.get(OBJECTS + "/conversations?external_id=" + conversation, admin)
                .at("/custom_attributes/last_order")
                .asText(null);
    }
}
