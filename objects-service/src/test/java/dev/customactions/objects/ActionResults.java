package dev.customactions.objects;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** action.results records for the objects service's tests. */
final class ActionResults {

    /** The executor's sample of an action.results record: a drift of the producer's schema breaks these tests. */
    static final Path CONTRACT = Path.of("../executor-service/src/test/resources/contracts/action-result.json");

    private ActionResults() {}

    /** The contract sample moved to {@code workspaceId}, a new run, conversation and contact (its writes follow). */
    static ObjectNode sample(ObjectMapper mapper, String workspaceId) throws Exception {
        String json = Files.readString(CONTRACT);
        ObjectNode sample = (ObjectNode) mapper.readTree(json);
        String conversationId = sample.get("conversation_id").asText();
        String contactId = sample.get("contact_id").asText();
        json = json.replace(conversationId, UUID.randomUUID().toString())
                .replace(contactId, UUID.randomUUID().toString());
        ObjectNode result = (ObjectNode) mapper.readTree(json);
        result.put("workspace_id", workspaceId);
        result.put("run_id", UUID.randomUUID().toString());
        return result;
    }

    /** A live, successful result of a new run writing only {@code writes}. */
    static ObjectNode withWrites(ObjectMapper mapper, String workspaceId, String conversationId, String writes)
            throws Exception {
        ObjectNode result = sample(mapper, workspaceId);
        result.put("conversation_id", conversationId);
        result.set("writes", mapper.readTree(writes));
        return result;
    }

    static void publish(ObjectNode result) {
        publishAll(
                List.of(result.toString()),
                result.get("workspace_id").asText() + ":"
                        + result.get("conversation_id").asText());
    }

    /** Publishes {@code values} on action.results with one key (one partition, in order), together. */
    static void publishAll(List<String> values, String key) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ChannelEvents.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            var sent = values.stream()
                    .map(value -> {
                        var record = new ProducerRecord<>(Topics.ACTION_RESULTS, key, value);
                        record.headers()
                                .add("ce_specversion", bytes("1.0"))
                                .add("ce_id", bytes(UUID.randomUUID().toString()))
                                .add("ce_source", bytes("test"))
                                .add("ce_type", bytes("dev.customactions.run.completed"))
                                .add("content-type", bytes("application/json"));
                        return producer.send(record);
                    })
                    .toList();
            for (var future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish on action.results", e);
        }
    }

    /** The sum of the Prometheus counter {@code name} over the series whose labels contain all of {@code labels}. */
    static double metric(String name, String... labels) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line ->
                        line.startsWith(name + "{") && List.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
