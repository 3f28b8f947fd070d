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

    /** How often the consumer lag metric ({@link ConsumerLag}) is read from the broker. */
    @WithDefault("5s")
    Duration lagInterval();
}
