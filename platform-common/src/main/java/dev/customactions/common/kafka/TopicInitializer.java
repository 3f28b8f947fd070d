package dev.customactions.common.kafka;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the platform's missing topics before the messaging channels start, so that no topic is
 * ever auto-created with the broker's defaults.
 */
@ApplicationScoped
public class TopicInitializer {

    private final KafkaConfig config;
    private final Map<String, Object> kafka;

    TopicInitializer(KafkaConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = config;
        this.kafka = kafka;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (config.createTopics()) {
            ensureTopics();
        }
    }

    /** Creates every topic of the catalogue that does not exist yet. */
    public void ensureTopics() {
        var props = new HashMap<String, Object>();
        kafka.forEach((key, value) -> props.put(key, value));
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = Topics.catalogue(config.partitions(), config.replicationFactor()).stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            var result = admin.createTopics(missing);
            for (NewTopic topic : missing) {
                try {
                    result.values().get(topic.name()).get(30, TimeUnit.SECONDS);
                    Log.infof("Created topic %s (%d partitions)", topic.name(), topic.numPartitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Could not create the platform's Kafka topics at " + kafka.get("bootstrap.servers") + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
