package dev.customactions.console.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.console.ConsoleConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every service's {@code /q/health/ready} and {@code /q/metrics} every
 * {@code customactions.console.ops.scrape-interval} (all services at once, each read bounded by
 * {@code scrape-timeout}) and records the round in {@link OpsState}.
 */
@Singleton
public class OpsScraper {

    private final Map<String, String> services;
    private final OpsConfig config;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();
    private final OpsState state;
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

    OpsScraper(ConsoleConfig console, OpsConfig config, ObjectMapper mapper) {
        this.services = Map.copyOf(console.services());
        this.config = config;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.scrapeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.state = new OpsState(services.keySet().stream().sorted().toList());
    }

    /** What was read so far. */
    public OpsState state() {
        return state;
    }

    @Scheduled(
            identity = "ops-scrape",
            every = "${customactions.console.ops.scrape-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        scrape();
    }

    /** One round: reads every service and records what was found. */
    public void scrape() {
        Instant at = clock.instant();
        List<CompletableFuture<ServiceScrape>> reads = new ArrayList<>();
        services.keySet().stream().sorted().forEach(name -> reads.add(read(name, trimmed(services.get(name)))));
        List<ServiceScrape> round = reads.stream().map(CompletableFuture::join).toList();
        for (ServiceScrape read : round) {
            String before = read.error() == null
                    ? lastErrors.remove(read.service())
                    : lastErrors.put(read.service(), read.error());
            if (read.error() != null && !read.error().equals(before)) {
                Log.warnf("Ops: %s can't be read: %s", read.service(), read.error());
            } else if (read.error() == null && before != null) {
                Log.infof("Ops: %s can be read again", read.service());
            }
        }
        state.record(at, round);
    }

    private CompletableFuture<ServiceScrape> read(String name, String base) {
        CompletableFuture<HttpResponse<String>> health = get(URI.create(base + "/q/health/ready"), "application/json");
        CompletableFuture<HttpResponse<String>> metrics = get(URI.create(base + "/q/metrics"), "text/plain");
        return health.handle((answer, failure) -> failure)
                .thenCombine(metrics.handle((answer, failure) -> failure), (healthFailure, metricsFailure) -> {
                    List<String> errors = new ArrayList<>();
                    boolean ready = false;
                    List<String> down = new ArrayList<>();
                    List<String> up = new ArrayList<>();
                    if (healthFailure != null) {
                        errors.add("readiness: " + reason(healthFailure));
                    } else {
                        HttpResponse<String> answer = health.join();
                        try {
                            JsonNode body = mapper.readTree(answer.body());
                            ready = answer.statusCode() == 200
                                    && "UP".equals(body.path("status").asText());
                            for (JsonNode check : body.path("checks")) {
                                (!"UP".equals(check.path("status").asText()) ? down : up)
                                        .add(check.path("name").asText("?"));
                            }
                            if (!ready && down.isEmpty()) {
                                errors.add("readiness: HTTP " + answer.statusCode());
                            }
                        } catch (IOException | RuntimeException e) {
                            errors.add("readiness: HTTP " + answer.statusCode() + ", not a health answer");
                        }
                    }
                    List<Sample> samples = null;
                    if (metricsFailure != null) {
                        errors.add("metrics: " + reason(metricsFailure));
                    } else if (metrics.join().statusCode() != 200) {
                        errors.add("metrics: HTTP " + metrics.join().statusCode());
                    } else {
                        samples = PrometheusText.parse(metrics.join().body(), OpsState.METRICS::contains);
                    }
                    return new ServiceScrape(
                            name, ready, down, up, errors.isEmpty() ? null : String.join("; ", errors), samples);
                });
    }

    private CompletableFuture<HttpResponse<String>> get(URI uri, String accept) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.scrapeTimeout())
                .header("Accept", accept)
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String reason(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (cause instanceof ConnectException) {
            return "unreachable (connection refused)";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String trimmed(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
