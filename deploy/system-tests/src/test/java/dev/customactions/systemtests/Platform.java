package dev.customactions.systemtests;

import dev.customactions.common.testing.TopicTail;
import dev.customactions.localstack.Launcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole platform started once for all system tests, as a user starts it: the launcher with a
 * real Kafka broker, PostgreSQL and the four services as separate processes, on fresh data. The
 * executor may call the local HTTPS stand-in (127.0.0.1 allow-listed, its certificate trusted).
 */
public final class Platform implements BeforeAllCallback {

    static final String GATEWAY = Launcher.url("channel-gateway");
    static final String DEFINITIONS = Launcher.url("definitions-service");
    static final String EXECUTOR = Launcher.url("executor-service");
    static final String OBJECTS = Launcher.url("objects-service");

    /** The services' Kafka session timeout: how long a consumer group waits for a killed member. */
    static final int SESSION_TIMEOUT_MS = 10_000;

    private static Launcher launcher;
    private static TraceCollector traces;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (Platform.class) {
            if (launcher == null) {
                traces = TraceCollector.start();
                var environment = new HashMap<>(environment());
                // Spans of traces a caller marked sampled go to the tests' collector; the rest of the
                // traffic records none, as by default.
                environment.put("CUSTOMACTIONS_OTLP_ENDPOINT", traces.endpoint());
                environment.put("CUSTOMACTIONS_OTLP_PROTOCOL", "http/protobuf");
                environment.put("CUSTOMACTIONS_TRACES_RATIO", "0");
                launcher = Launcher.start(
                        home(), Path.of("target/system-data").toAbsolutePath(), true, List.of(), environment);
                context.getRoot()
                        .getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(Platform.class.getName(), (AutoCloseable) () -> {
                            launcher.close();
                            traces.close();
                        });
            }
        }
    }

    static Launcher launcher() {
        return launcher;
    }

    /** The repository's root folder: what the launcher starts the services from. */
    static Path home() {
        return Path.of(System.getProperty("customactions.home", "../.."))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Starts {@code script} of {@code console/web} (an official SDK's client driven by a test) with the machine's
     * Node.js and {@code arguments}; its errors go to the test's output.
     */
    static Process node(String script, String... arguments) throws IOException {
        var command = new ArrayList<String>(List.of("node", script));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .directory(home().resolve("console/web").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** What every service of the system tests is started with: the stand-in's trust and a generous quota. */
    static Map<String, String> environment() {
        String trustStore =
                Path.of("src/test/resources/tls/trust.p12").toAbsolutePath().toString();
        return Map.of(
                "CUSTOMACTIONS_EXECUTOR_ALLOWED_DESTINATIONS", "127.0.0.1/32",
                "CUSTOMACTIONS_EXECUTOR_TRUST_STORE", trustStore,
                "CUSTOMACTIONS_EXECUTOR_TRUST_STORE_PASSWORD", "changeit",
                // The definitions service fetches OpenAPI documents from the stand-in too.
                "CUSTOMACTIONS_DEFINITIONS_ALLOWED_DESTINATIONS", "127.0.0.1/32",
                "CUSTOMACTIONS_DEFINITIONS_TRUST_STORE", trustStore,
                "CUSTOMACTIONS_DEFINITIONS_TRUST_STORE_PASSWORD", "changeit",
                // The overload and story tests send more than a workspace's default quota.
                "CUSTOMACTIONS_QUOTA_REQUESTS_PER_MINUTE", "100000000",
                // A killed service's partitions move after 10 s (Kafka's default, 45 s, makes the fault and
                // upgrade tests longer, not different).
                "KAFKA_SESSION_TIMEOUT_MS", String.valueOf(SESSION_TIMEOUT_MS),
                "KAFKA_HEARTBEAT_INTERVAL_MS", String.valueOf(SESSION_TIMEOUT_MS / 3));
    }

    /**
     * Makes {@code started} the platform the helpers here talk to, for a test that starts its own (in a JVM of
     * its own: the ports are the shared platform's).
     */
    static void adopt(Launcher started) {
        synchronized (Platform.class) {
            launcher = started;
        }
    }

    /** The collector the services export sampled spans to. */
    static TraceCollector traces() {
        return traces;
    }

    /**
     * Waits until the live state of definition {@code kind}/{@code id} is on definitions.changes, so
     * that an event sent afterwards meets it (definitions take effect as they reach the executor:
     * the topic is the only clock they share).
     */
    static void awaitPublished(String kind, String id) {
        try (var changes = TopicTail.of(launcher.kafkaBootstrapServers(), "definitions.changes")) {
            changes.awaitRecord(
                    Duration.ofSeconds(30),
                    r -> r.key() != null && r.key().endsWith(":" + kind + ":" + id) && r.value() != null);
        }
    }

    /** A new workspace's admin token (made with the bootstrap admin token), once every service accepts it. */
    static String newWorkspaceAdmin(String name) {
        Http.Answer created = Http.post(DEFINITIONS + "/workspaces", launcher.adminToken(), Map.of("name", name));
        if (created.status() != 201) {
            throw new IllegalStateException("Creating a workspace: " + created);
        }
        String token = created.at("/admin_token/token").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> List.of(
                        GATEWAY + "/q/health/ready",
                        DEFINITIONS + "/workspaces/current",
                        EXECUTOR + "/runs",
                        OBJECTS + "/data_attributes?model=contact")
                .stream()
                .allMatch(url -> url.contains("/q/") || Http.get(url, token).status() == 200));
        return token;
    }
}
