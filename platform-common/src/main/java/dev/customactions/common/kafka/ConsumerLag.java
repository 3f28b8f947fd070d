package dev.customactions.common.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;

/**
 * Consumer lag per topic as a metric, {@code customactions_consumer_lag{group,topic}}: the records
 * of each topic this service consumes (its Kafka incoming channels) that its consumer group has not
 * committed yet, read from the broker (end offsets less committed offsets) when the metric is read
 * (a scrape), at most once per {@code customactions.kafka.lag-interval}. The read runs in the
 * background and the scrape gets the figure of the read before it, so a scrape never waits for the
 * broker; when nobody scrapes, nothing is read (an idle service asks the broker nothing).
 * <p>
 * The Kafka client's own {@code records-lag} metric is measured at fetch time, so it stays at 0
 * exactly when lag matters: while a consumer is paused because work arrives faster than it is done.
 * Read from the broker, the figure is the one {@code kafka-consumer-groups.sh} shows, whatever the
 * consumer is doing. Until the first reading, and when the broker can't be read, the gauge keeps its
 * last value (NaN before any).
 */
@ApplicationScoped
public class ConsumerLag {

    /** Metric of records not yet committed, by consumer group and topic. */
    public static final String METRIC = "customactions.consumer.lag";

    private final KafkaConfig config;
    private final Map<String, Object> kafka;
    private final Config channels;
    private final MeterRegistry registry;
    /** Topic by group, for each consumed topic. */
    private final Map<String, List<String>> topicsByGroup = new LinkedHashMap<>();

    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    /** {@link System#nanoTime()} of the last read started; long ago before any. */
    private final AtomicLong lastRead = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));

    private volatile ExecutorService reader;
    private Admin admin;

    ConsumerLag(
            KafkaConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            Config channels,
            MeterRegistry registry) {
        this.config = config;
        this.kafka = kafka;
        this.channels = channels;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        for (String property : channels.getPropertyNames()) {
            if (!property.startsWith("mp.messaging.incoming.")
                    || !property.endsWith(".connector")
                    || !"smallrye-kafka"
                            .equals(channels.getOptionalValue(property, String.class)
                                    .orElse(""))) {
                continue;
            }
            String prefix = property.substring(0, property.length() - "connector".length());
            String channel = prefix.substring("mp.messaging.incoming.".length(), prefix.length() - 1);
            String topic =
                    channels.getOptionalValue(prefix + "topic", String.class).orElse(channel);
            String group = channels.getOptionalValue(prefix + "group.id", String.class)
                    .or(() -> channels.getOptionalValue("kafka.group.id", String.class))
                    .or(() -> channels.getOptionalValue("quarkus.application.name", String.class))
                    .orElse(null);
            if (group == null || topic.contains(",")) {
                continue;
            }
            List<String> topics = topicsByGroup.computeIfAbsent(group, g -> new ArrayList<>());
            if (!topics.contains(topic)) {
                topics.add(topic);
                AtomicLong lag = new AtomicLong(-1);
                lags.put(group + "/" + topic, lag);
                Gauge.builder(METRIC, lag, value -> {
                            refreshIfStale();
                            return value.get() < 0 ? Double.NaN : value.get();
                        })
                        .description(
                                "Records of the topic the consumer group has not committed yet (read from the broker)")
                        .tag("group", group)
                        .tag("topic", topic)
                        .register(registry);
            }
        }
        if (topicsByGroup.isEmpty()) {
            return;
        }
        var props = new HashMap<String, Object>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "consumer-lag");
        admin = Admin.create(props);
        reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "consumer-lag");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a read in the background unless one ran within the lag interval or is running. */
    private void refreshIfStale() {
        long now = System.nanoTime();
        long last = lastRead.get();
        if (reader == null || now - last < config.lagInterval().toNanos() || !lastRead.compareAndSet(last, now)) {
            return;
        }
        reader.execute(this::read);
    }

    @PreDestroy
    void stop() {
        if (reader != null) {
            reader.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** The last reading for {@code group} on {@code topic}: -1 before any. */
    public long lag(String group, String topic) {
        AtomicLong lag = lags.get(group + "/" + topic);
        return lag == null ? -1 : lag.get();
    }

    private void read() {
        long timeout = Math.max(1_000, config.lagInterval().toMillis());
        try {
            List<String> topics = topicsByGroup.values().stream()
                    .flatMap(List::stream)
                    .distinct()
                    .toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS)
                    .forEach((topic, description) -> description.partitions().forEach(partition -> {
                        var key = new TopicPartition(topic, partition.partition());
                        latest.put(key, OffsetSpec.latest());
                        earliest.put(key, OffsetSpec.earliest());
                    }));
            Map<TopicPartition, Long> ends = offsets(latest, timeout);
            Map<TopicPartition, Long> starts = offsets(earliest, timeout);
            for (var entry : topicsByGroup.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(entry.getKey())
                        .partitionsToOffsetAndMetadata()
                        .get(timeout, TimeUnit.MILLISECONDS);
                for (String topic : entry.getValue()) {
                    lags.get(entry.getKey() + "/" + topic).set(lag(topic, starts, ends, committed));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Log.debugf("Consumer lag not read this time: %s", e.getMessage());
        }
    }

    private Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetSpec> specs, long timeout) throws Exception {
        return admin.listOffsets(specs).all().get(timeout, TimeUnit.MILLISECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Records of {@code topic} past the committed offsets: a partition never committed counts from its first
     * record still kept ({@code starts}), not from 0 (records the broker deleted are pending for nobody), and a
     * committed offset older than that first record counts from it too.
     */
    static long lag(
            String topic,
            Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> ends,
            Map<TopicPartition, OffsetAndMetadata> committed) {
        long lag = 0;
        for (var end : ends.entrySet()) {
            if (end.getKey().topic().equals(topic)) {
                long start = starts.getOrDefault(end.getKey(), 0L);
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += Math.max(0, end.getValue() - Math.max(start, done == null ? 0 : done.offset()));
            }
        }
        return lag;
    }
}
