package dev.customactions.definitions.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.TopicReader;
import dev.customactions.common.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The executor's answers to the test runs this instance asked for: follows {@code action.test-results}
 * (test runs only: live results never pass here) from its end (every instance reads every partition,
 * without a consumer group) and completes the waiting request whose invocation id a test result carries.
 */
@ApplicationScoped
public class TestRunReplies {

    private final ObjectMapper mapper;
    private final TopicReader reader;
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    TestRunReplies(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = new TopicReader(Topics.ACTION_TEST_RESULTS, kafka, this::apply, false);
    }

    void onStart(@Observes StartupEvent event) {
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        reader.stop();
    }

    /** Whether the reader is following the topic (a reply published from now on will be seen). */
    public boolean awaitReady(Duration timeout) {
        return reader.awaitLoaded(timeout);
    }

    /** The result of invocation {@code invocationId}, or a failed future after {@code timeout}. */
    public CompletableFuture<JsonNode> await(String invocationId, Duration timeout) {
        var reply = new CompletableFuture<JsonNode>();
        waiting.put(invocationId, reply);
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> waiting.remove(invocationId, reply));
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.value() == null || waiting.isEmpty()) {
            return;
        }
        JsonNode result;
        try {
            result = mapper.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        CompletableFuture<JsonNode> reply =
                waiting.get(result.path("invocation_id").asText(""));
        if (reply != null) {
            reply.complete(result);
        }
    }
}
