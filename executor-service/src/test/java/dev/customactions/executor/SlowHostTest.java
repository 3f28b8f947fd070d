package dev.customactions.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.StandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A slow host with more runs than its per-host bound: they wait in line and all succeed (none
 * {@code rate_limited}, none {@code timeout}: waiting in line doesn't count against the timeout),
 * while another host's runs, sent once the slow host's line is long, go at once. Small bounds make
 * the effect visible: 4 calls at once per host, 12 records in flight, 2 of one host's waiting runs
 * holding a place.
 */
@QuarkusTest
@TestProfile(SlowHostTest.SmallBounds.class)
class SlowHostTest extends WithStandIn {

    /** Bounds small enough for a few dozen runs to exceed them. */
    public static class SmallBounds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "customactions.executor.max-connections-per-host",
                    "4",
                    "customactions.executor.max-in-flight",
                    "12",
                    "customactions.executor.max-in-flight-waiting-per-host",
                    "2");
        }
    }

    static final int SLOW_RUNS = 30;
    static final int FAST_RUNS = 8;
    static final Duration SLOW_CALL = Duration.ofSeconds(1);
    static final String ORDER = "{\"order\": {\"fulfillment_status\": \"shipped\"}}";

    ObjectNode definition(Fixtures f, String url, int timeoutMs) {
        ObjectNode definition = f.json("""
                {"http_method": "get", "url": "",
                 "data_inputs": [{"name": "order_id", "type": "string", "required": true}],
                 "response_fields": [{"name": "status", "path": "$.order.fulfillment_status", "type": "string"}]}""");
        return definition.put("url", url).put("timeout_ms", timeoutMs);
    }

    /** Test invocations of {@code definition}, one per workspace (so one key each), published together. */
    List<String> invocations(Fixtures f, ObjectNode definition, int count, KafkaProducer<String, String> producer)
            throws Exception {
        return invocations(f, definition, count, producer, null);
    }

    /** The same on {@code partition} (null: by key), answered by a sample response instead of a call if one is given. */
    // send's futures are not needed: the records are flushed before the test reads what they did.
    @SuppressWarnings("FutureReturnValueIgnored")
    List<String> invocations(
            Fixtures f, ObjectNode definition, int count, KafkaProducer<String, String> producer, Integer partition)
            throws Exception {
        var ids = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            String invocationId = Fixtures.newId();
            String workspaceId = Fixtures.newId();
            ObjectNode invocation = f.mapper
                    .createObjectNode()
                    .put("invocation_id", invocationId)
                    .put("workspace_id", workspaceId)
                    .put("mode", "test")
                    .put("action_id", Fixtures.newId())
                    .put("action_name", "Get order")
                    .put("action_version", 0)
                    .put("requested_at", Instant.now().toString());
            invocation.set("definition", definition);
            invocation.set("inputs", f.json("{\"order_id\": \"" + i + "\"}"));
            if (partition != null) {
                invocation.set("mock_response", f.json(ORDER));
            }
            var record = new ProducerRecord<>(
                    Topics.ACTION_INVOCATIONS,
                    partition,
                    workspaceId + ":" + invocationId,
                    f.mapper.writeValueAsString(invocation));
            record.headers()
                    .add("ce_specversion", bytes("1.0"))
                    .add("ce_id", bytes(Fixtures.newId()))
                    .add("ce_source", bytes("test"))
                    .add("ce_type", bytes(Fixtures.INVOCATION_TYPE))
                    .add("content-type", bytes("application/json"));
            producer.send(record);
            ids.add(invocationId);
        }
        return ids;
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The sum of the {@code name} lines of /q/metrics holding every one of {@code tags}. */
    static double metric(String name, String... tags) {
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> (line.startsWith(name + "{") || line.startsWith(name + " "))
                        && List.of(tags).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * Waits until the invocations consumer holds every partition (the group hands them out over a few
     * seconds) and has taken a record from each (the first records of a partition came up to a second late).
     */
    void awaitInvocationPartitionsWarm(Fixtures f, KafkaProducer<String, String> producer) throws Exception {
        int partitions;
        try (var admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Fixtures.bootstrapServers()))) {
            partitions = admin.describeTopics(List.of(Topics.ACTION_INVOCATIONS))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.ACTION_INVOCATIONS)
                    .partitions()
                    .size();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> metric(
                                "kafka_consumer_coordinator_assigned_partitions",
                                "client_id=\"kafka-consumer-action-invocations\"")
                        == partitions);
        var warmUp = new ArrayList<String>();
        for (int partition = 0; partition < partitions; partition++) {
            warmUp.addAll(
                    invocations(f, definition(f, standIn.url("shop.test", "/unused"), 3000), 1, producer, partition));
        }
        producer.flush();
        warmUp.forEach(f::resultOfInvocation);
    }

    @Test
    void runsBeyondTheHostsBoundWaitAndAllSucceedWhileAnotherHostsRunsGoOn() throws Exception {
        try (var f = fixtures();
                var other = StandIn.start();
                var producer = new KafkaProducer<String, String>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        Fixtures.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class.getName(),
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class.getName()))) {
            awaitInvocationPartitionsWarm(f, producer);
            String slowPath = "/slow/" + Fixtures.newId();
            standIn.on(slowPath, StandIn.delayed(SLOW_CALL, StandIn.json(200, ORDER)));
            String fastPath = "/fast/" + Fixtures.newId();
            other.on(fastPath, StandIn.json(200, ORDER));
            // 30 runs of 1 s, 4 at a time: the last waits 7 s in line, beyond its 3 s timeout.
            List<String> slow =
                    invocations(f, definition(f, standIn.url("slow.test", slowPath), 3000), SLOW_RUNS, producer);
            producer.flush();
            // 12 records in flight, 4 of them on the slow host's connections: more than 8 waiting for it means
            // runs beyond its share gave their places back.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> metric("executor_outbound_waiting") >= 10);
            List<String> fast =
                    invocations(f, definition(f, other.url("shop.test", fastPath), 3000), FAST_RUNS, producer);
            producer.flush();

            var results = new ArrayList<JsonNode>();
            for (String invocation : slow) {
                results.add(f.resultOfInvocation(invocation));
            }
            for (String invocation : fast) {
                results.add(f.resultOfInvocation(invocation));
            }
            for (JsonNode result : results) {
                assertEquals("success", result.get("status").asText(), result.toString());
            }

            var slowCalls = standIn.calls(slowPath);
            assertEquals(SLOW_RUNS, slowCalls.size());
            int mostAtOnce = 0;
            for (var call : slowCalls) {
                long inProgress = slowCalls.stream()
                        .filter(c -> c.receivedAt() <= call.receivedAt() && call.receivedAt() < c.answeredAt()[0])
                        .count();
                mostAtOnce = Math.max(mostAtOnce, (int) inProgress);
            }
            assertEquals(
                    4, mostAtOnce, "the slow host had at most max-connections-per-host calls at once, and that many");
            long lastSlow = slowCalls.stream()
                    .map(StandIn.Call::receivedAt)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            var fastCalls = other.calls(fastPath);
            assertEquals(FAST_RUNS, fastCalls.size());
            long lastFast = fastCalls.stream()
                    .map(StandIn.Call::receivedAt)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            assertTrue(
                    lastFast < lastSlow,
                    "the other host's calls all came while the slow host's line was still waiting: "
                            + TimeUnit.NANOSECONDS.toMillis(lastSlow - lastFast) + " ms before its last call");
        }
    }

    @Test
    void consumerLagIsExposedPerTopic() {
        // Read from the broker, so it is there whether or not the consumer has fetched from each partition yet.
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    String metrics = RestAssured.get("/q/metrics")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString();
                    for (String topic : List.of(Topics.CHANNEL_EVENTS, Topics.ACTION_INVOCATIONS)) {
                        List<String> lag = metrics.lines()
                                .filter(line -> line.startsWith("customactions_consumer_lag{")
                                        && line.contains("group=\"executor-service\"")
                                        && line.contains("topic=\"" + topic + "\""))
                                .toList();
                        assertEquals(
                                1,
                                lag.size(),
                                "lag of " + topic + " in /q/metrics: "
                                        + metrics.lines()
                                                .filter(line -> line.startsWith("customactions_consumer_lag"))
                                                .toList());
                        double value = Double.parseDouble(
                                lag.get(0).substring(lag.get(0).lastIndexOf(' ') + 1));
                        assertTrue(value >= 0, lag.toString());
                    }
                });
    }
}
