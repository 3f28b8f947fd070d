package dev.customactions.benchmark.system;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer groups' lag read from the broker, as {@code kafka-consumer-groups.sh} shows it: the
 * records of a topic past the group's committed offsets (a partition never committed counts from
 * its start). The services expose the same figure as {@code customactions_consumer_lag}; the
 * benchmark asks the broker itself so that reading it costs the services nothing and is never stale.
 */
final class ConsumerLag implements AutoCloseable {

    private final Admin admin;

    ConsumerLag(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "benchmark-lag"));
    }

    /** Records of {@code topic} that {@code group} has not committed yet, over all partitions. */
    long lag(String group, String topic) throws Exception {
        var partitions = admin
                .describeTopics(java.util.List.of(topic))
                .allTopicNames()
                .get(5, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(5, TimeUnit.SECONDS);
        long lag = 0;
        for (var end :
                admin.listOffsets(partitions).all().get(5, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
        }
        return lag;
    }

    @Override
    public void close() {
        admin.close();
    }
}
