package dev.customactions.benchmark.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A consumer group's lag on one topic as its service reports it: the {@code customactions_consumer_lag}
 * gauge of the service's {@code /q/metrics} (end offsets less the group's committed offsets, read from
 * the broker by the service every few seconds).
 */
final class ConsumerLag implements AutoCloseable {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;
    private final String group;
    private final String topic;

    ConsumerLag(String serviceUrl, String group, String topic) {
        this.metrics = URI.create(serviceUrl + "/q/metrics");
        this.group = "group=\"" + group + "\"";
        this.topic = "topic=\"" + topic + "\"";
    }

    /** Records of the topic not yet committed by the group, over all partitions; 0 before the first reading. */
    long lag() throws Exception {
        String body = client.send(
                        HttpRequest.newBuilder(metrics)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
                .filter(line ->
                        line.startsWith("customactions_consumer_lag{") && line.contains(group) && line.contains(topic))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .filter(value -> !Double.isNaN(value))
                .mapToLong(Math::round)
                .findFirst()
                .orElse(0);
    }

    @Override
    public void close() {
        // The JDK's client (Java 17) has nothing to close: its threads end with it.
    }
}
