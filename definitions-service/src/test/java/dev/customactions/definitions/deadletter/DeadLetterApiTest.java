package dev.customactions.definitions.deadletter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.customactions.common.kafka.Topics;
import dev.customactions.common.messaging.DeadLetters;
import dev.customactions.definitions.Admins;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The dead letters API against the real broker and database: who sees what, replay once, discard with a reason. */
@QuarkusTest
class DeadLetterApiTest {

    @Test
    void anAdminSeesItsOwnWorkspacesDeadLettersAndAnOperatorEveryOnesReplayedOnce() throws Exception {
        String admin = Admins.newAcceptedAdmin("dead letters " + UUID.randomUUID());
        String workspace = workspaceOf(admin);
        String other = Admins.newAcceptedAdmin("dead letters other " + UUID.randomUUID());
        String runId = UUID.randomUUID().toString();
        String value = "{\"run_id\":\"" + runId + "\",\"workspace_id\":\"" + workspace
                + "\",\"mode\":\"live\",\"status\":\"success\",\"writes\":[],"
                + "\"request\":{\"headers\":{\"Authorization\":\"Bearer abc\"}}}";
        String unattributed = "not json " + UUID.randomUUID();
        try (var producer = producer()) {
            producer.send(deadLetter(Topics.ACTION_RESULTS, runId, value, "Writes rejected: unknown_attribute at x"))
                    .get();
            producer.send(deadLetter(Topics.ACTION_RESULTS, null, unattributed, "Unrecognized token 'not'"))
                    .get();
        }

        // The admin sees its record (secrets masked), not the one naming no workspace.
        String id = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> idOf(admin, runId), found -> found != null);
        given().auth()
                .oauth2(admin)
                .queryParam("topic", Topics.ACTION_RESULTS)
                .get("/dead_letters")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(1))
                .body("data[0].workspace_id", equalTo(workspace))
                .body("data[0].status", equalTo("open"))
                .body("data[0].topic", equalTo(Topics.ACTION_RESULTS))
                .body("data[0].partition", equalTo(2))
                .body("data[0].offset", equalTo(41))
                .body("data[0].reason", containsString("unknown_attribute"))
                .body("data[0].payload", containsString("\"Authorization\":\"****\""))
                .body("data[0].payload", not(containsString("abc")));
        given().auth()
                .oauth2(other)
                .get("/dead_letters/" + id)
                .then()
                .statusCode(404)
                .body("errors[0].code", equalTo("not_found"));
        given().auth()
                .oauth2(other)
                .contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(id)))
                .post("/dead_letters/replay")
                .then()
                .statusCode(404)
                .body("errors[0].field", equalTo("ids[0]"));
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .queryParam("reason", "unrecognized TOKEN")
                .queryParam("per_page", 100)
                .get("/dead_letters")
                .then()
                .statusCode(200)
                .body("data.payload", hasItem(unattributed))
                .body("data.workspace_id", hasItem(nullValue()));

        // Replayed once: the exact record on its source topic with replay-of; a second replay is skipped.
        int partition = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(id)))
                .post("/dead_letters/replay")
                .then()
                .statusCode(200)
                .body("replayed[0].id", equalTo(id))
                .body("replayed[0].topic", equalTo(Topics.ACTION_RESULTS))
                .body("skipped", empty())
                .extract()
                .path("replayed[0].partition");
        long offset = given().auth()
                .oauth2(admin)
                .get("/dead_letters/" + id)
                .then()
                .extract()
                .<Number>path("history[0].replayed_to.offset")
                .longValue();
        ConsumerRecord<String, String> replayed = replayAt(partition, offset);
        assertEquals(id, header(replayed, DeadLetters.REPLAY_OF));
        assertEquals(runId, replayed.key());
        assertEquals(value, replayed.value());
        assertEquals("trace-kept", header(replayed, "traceparent"));
        assertEquals(null, header(replayed, "dead-letter-reason"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(id)))
                .post("/dead_letters/replay")
                .then()
                .statusCode(200)
                .body("replayed", empty())
                .body("skipped[0].reason", equalTo("already replayed or discarded"));
        given().auth()
                .oauth2(admin)
                .get("/dead_letters/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("replayed"))
                .body("history[0].action", equalTo("replayed"))
                .body("history[0].replayed_to.topic", equalTo(Topics.ACTION_RESULTS));
        given().auth()
                .oauth2(admin)
                .queryParam("status", "replayed")
                .get("/dead_letters")
                .then()
                .statusCode(200)
                .body("data.id", contains(id));
        given().auth().oauth2(admin).get("/dead_letters").then().statusCode(200).body("total_count", equalTo(0));
    }

    @Test
    void discardNeedsAReasonAndAllMatchingActsOnTheFiltersOpenRecords() throws Exception {
        String admin = Admins.newAcceptedAdmin("dead letters discard " + UUID.randomUUID());
        String workspace = workspaceOf(admin);
        String marker = "marker-" + UUID.randomUUID();
        try (var producer = producer()) {
            for (int i = 0; i < 3; i++) {
                producer.send(deadLetter(
                                Topics.CHANNEL_EVENTS,
                                workspace + ":conversation-" + i,
                                "{\"event_id\":\"" + i + "\"}",
                                "missing kind " + marker))
                        .get();
            }
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                                .oauth2(admin)
                                .queryParam("reason", marker)
                                .get("/dead_letters")
                                .then()
                                .extract()
                                .<Integer>path("total_count")
                        == 3);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("all_matching", Map.of("reason", marker)))
                .post("/dead_letters/discard")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("all_matching", Map.of("reason", marker), "ids", List.of("x"), "reason", "both"))
                .post("/dead_letters/discard")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ids"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("all_matching", Map.of("topic", "nope")))
                .post("/dead_letters/replay")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("all_matching.topic"));
        given().auth()
                .oauth2(admin)
                .queryParam("status", "gone")
                .get("/dead_letters")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"));
        // Paging through the open ones while acting on them: the next page follows the one discarded.
        var first = given().auth()
                .oauth2(admin)
                .queryParam("reason", marker)
                .queryParam("per_page", 1)
                .get("/dead_letters")
                .then()
                .statusCode(200)
                .extract();
        String firstId = first.path("data[0].id");
        assertEquals(firstId, first.path("pages.next.starting_after"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(firstId), "reason", "test events"))
                .post("/dead_letters/discard")
                .then()
                .statusCode(200)
                .body("discarded", hasSize(1));
        given().auth()
                .oauth2(admin)
                .queryParam("reason", marker)
                .queryParam("per_page", 1)
                .queryParam("starting_after", firstId)
                .get("/dead_letters")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(2))
                .body("data", hasSize(1))
                .body("data[0].id", not(equalTo(firstId)))
                .body("data[0].status", equalTo("open"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "all_matching",
                        Map.of("topic", Topics.CHANNEL_EVENTS, "reason", marker),
                        "reason",
                        "test events"))
                .post("/dead_letters/discard")
                .then()
                .statusCode(200)
                .body("discarded", hasSize(2));
        given().auth()
                .oauth2(admin)
                .queryParam("reason", marker)
                .queryParam("status", "discarded")
                .queryParam("per_page", 2)
                .get("/dead_letters")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(3))
                .body("data", hasSize(2))
                .body("data[0].history[0].reason", equalTo("test events"))
                .body("data[0].workspace_id", equalTo(workspace))
                .body("pages.next.starting_after", not(nullValue()));
    }

    @Test
    void aDeadLetterOfAStateTopicIsListedButNeverReplayed() throws Exception {
        String marker = "state-" + UUID.randomUUID();
        try (var producer = producer()) {
            producer.send(deadLetter(Topics.AUTH_TOKENS, "w:token:" + marker, "{\"revoked\":false}", marker))
                    .get();
        }
        String id = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> given().auth()
                                .oauth2(Admins.BOOTSTRAP)
                                .queryParam("reason", marker)
                                .get("/dead_letters")
                                .then()
                                .extract()
                                .<String>path("data[0].id"),
                        found -> found != null);
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(id)))
                .post("/dead_letters/replay")
                .then()
                .statusCode(200)
                .body("replayed", empty())
                .body("skipped[0].reason", containsString("holds current state"));
        given().auth()
                .oauth2(Admins.BOOTSTRAP)
                .get("/dead_letters/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("open"));
    }

    private static String idOf(String token, String runId) {
        List<Map<String, Object>> data = given().auth()
                .oauth2(token)
                .get("/dead_letters")
                .then()
                .extract()
                .path("data");
        return data == null
                ? null
                : data.stream()
                        .filter(entry -> String.valueOf(entry.get("key")).equals(runId))
                        .map(entry -> (String) entry.get("id"))
                        .findFirst()
                        .orElse(null);
    }

    private static String workspaceOf(String token) {
        return given().auth()
                .oauth2(token)
                .get("/workspaces/current")
                .then()
                .extract()
                .path("id");
    }

    private static ProducerRecord<String, String> deadLetter(String topic, String key, String value, String reason) {
        var record = new ProducerRecord<>(Topics.dlq(topic), 0, key, value);
        record.headers()
                .add("traceparent", bytes("trace-kept"))
                .add(DeadLetters.HEADER_PREFIX + "reason", bytes(reason))
                .add(DeadLetters.HEADER_PREFIX + "topic", bytes(topic))
                .add(DeadLetters.HEADER_PREFIX + "partition", bytes("2"))
                .add(DeadLetters.HEADER_PREFIX + "offset", bytes("41"));
        return record;
    }

    private static ConsumerRecord<String, String> replayAt(int partition, long offset) {
        try (var consumer = consumer()) {
            var source = new TopicPartition(Topics.ACTION_RESULTS, partition);
            consumer.assign(List.of(source));
            consumer.seek(source, offset);
            var seen = new ArrayList<ConsumerRecord<String, String>>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
            assertEquals(offset, seen.get(0).offset());
            return seen.get(0);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }
}
