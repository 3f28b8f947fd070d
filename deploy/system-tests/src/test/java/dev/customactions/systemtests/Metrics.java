package dev.customactions.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/** A service instance's Prometheus metrics ({@code /q/metrics}), read the way a scraper reads them. */
final class Metrics {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String text;

    private Metrics(String text) {
        this.text = text;
    }

    /** The metrics of the service at {@code baseUrl} now. */
    static Metrics of(String baseUrl) {
        try {
            var response = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(baseUrl + "/q/metrics answered " + response.statusCode());
            }
            return new Metrics(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(baseUrl + "/q/metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /**
     * The sum of the samples of {@code metric} (its name exactly, any labels) whose labels include every
     * one of {@code labels} (each written as in the exposition, {@code name="value"}); 0 when there is none.
     */
    double sum(String metric, String... labels) {
        return text.lines()
                .filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .filter(value -> !Double.isNaN(value))
                .sum();
    }
}
