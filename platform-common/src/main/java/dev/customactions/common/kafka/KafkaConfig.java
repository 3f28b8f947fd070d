package dev.customactions.common.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service treats the platform's topics. */
@ConfigMapping(prefix = "customactions.kafka")
public interface KafkaConfig {

    /** Create missing platform topics at start-up (turn off where topics are managed elsewhere, e.g. by Strimzi). */
    @WithDefault("true")
    boolean createTopics();

    /** Partitions of each topic created at start-up: several, so consumers can scale out. */
    @WithDefault("6")
    int partitions();

    /** Replication factor of each topic created at start-up. */
    @WithDefault("1")
    short replicationFactor();

    /**
     * How long a record the service publishes waits for others to go in the same request to the broker
     * (the producer's {@code linger.ms}): a request per record costs the broker and the service far more
     * than a few milliseconds of waiting. Each service sets its own, by how long its records can wait.
     */
    @WithDefault("5ms")
    Duration linger();

    /** How often the consumer lag metric ({@link ConsumerLag}) is read from the broker. */
    @WithDefault("5s")
    Duration lagInterval();
}
