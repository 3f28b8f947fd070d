package dev.customactions.common.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.common.kafka.Topics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Every valid API token of the platform, held in memory and kept current from the compacted
 * {@code auth.tokens} topic, so that a request is authenticated without a network round trip and
 * a revocation reaches every service within the time Kafka takes to deliver one record.
 * <p>
 * Each instance reads the whole topic from the beginning without a consumer group; it is
 * {@linkplain #isLoaded() loaded} once it has caught up with the end offsets seen at start.
 */
@ApplicationScoped
public class TokenRegistry {

    /** A valid token: who it belongs to and what it may do. */
    public record Grant(String tokenId, String workspaceId, Set<String> scopes) {
    }

    private final Map<String, Object> kafka;
    private final ObjectMapper mapper;
    private final Map<String, Grant> byHash = new ConcurrentHashMap<>();
    private final Map<String, String> hashByKey = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running = true;
    private Thread thread;

    TokenRegistry(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper mapper) {
        this.kafka = kafka;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(this::run, "auth-tokens-reader");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** The grant of the token whose secret is {@code secret}, if that token exists and is not revoked. */
    public Optional<Grant> find(String secret) {
        return Optional.ofNullable(byHash.get(TokenHash.sha256(secret)));
    }

    /** Whether the registry has read every token that existed when the service started. */
    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /** Waits up to {@code timeout} for the registry to be loaded; answers whether it is. */
    public boolean awaitLoaded(Duration timeout) {
        try {
            return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Log.warnf("Reading %s failed, retrying in 1 s: %s", Topics.AUTH_TOKENS, e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void consume() {
        var props = new HashMap<String, Object>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "auth-tokens-reader-" + ProcessHandle.current().pid());
        try (var kafkaConsumer = new KafkaConsumer<String, String>(props)) {
            consumer = kafkaConsumer;
            List<TopicPartition> partitions = kafkaConsumer.partitionsFor(Topics.AUTH_TOKENS, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.AUTH_TOKENS + " does not exist yet");
            }
            kafkaConsumer.assign(partitions);
            kafkaConsumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = kafkaConsumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, String> record : kafkaConsumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (!isLoaded() && endAtStart.entrySet().stream()
                        .allMatch(end -> kafkaConsumer.position(end.getKey()) >= end.getValue())) {
                    Log.infof("Token registry loaded: %d valid tokens", byHash.size());
                    loaded.countDown();
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            forget(record.key());
            return;
        }
        try {
            TokenChanged token = mapper.readValue(record.value(), TokenChanged.class);
            forget(record.key());
            if (!token.revoked()) {
                byHash.put(token.tokenSha256(), new Grant(token.tokenId(), token.workspaceId(), Scopes.roles(token.scopes())));
                hashByKey.put(record.key(), token.tokenSha256());
            }
        } catch (Exception e) {
            Log.errorf("Ignoring unreadable record at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private void forget(String key) {
        String previous = hashByKey.remove(key);
        if (previous != null) {
            byHash.remove(previous);
        }
    }
}
