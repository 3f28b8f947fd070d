package dev.customactions.systemtests;

import dev.customactions.common.testing.TopicTail;
import dev.customactions.localstack.Launcher;
import java.nio.file.Path;
import java.time.Duration;
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

    private static Launcher launcher;
    private static TraceCollector traces;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (Platform.class) {
            if (launcher == null) {
                Path home = Path.of(System.getProperty("customactions.home", "../.."))
                        .toAbsolutePath()
                        .normalize();
                Path resources = Path.of("src/test/resources").toAbsolutePath();
                traces = TraceCollector.start();
                launcher = Launcher.start(
                        home,
                        Path.of("target/system-data").toAbsolutePath(),
                        true,
                        List.of(),
                        Map.of(
                                "CUSTOMACTIONS_EXECUTOR_ALLOWED_DESTINATIONS", "127.0.0.1/32",
                                "CUSTOMACTIONS_EXECUTOR_TRUST_STORE",
                                        resources.resolve("tls/trust.p12").toString(),
                                "CUSTOMACTIONS_EXECUTOR_TRUST_STORE_PASSWORD", "changeit",
                                // The definitions service fetches OpenAPI documents from the stand-in too.
                                "CUSTOMACTIONS_DEFINITIONS_ALLOWED_DESTINATIONS", "127.0.0.1/32",
                                "CUSTOMACTIONS_DEFINITIONS_TRUST_STORE",
                                        resources.resolve("tls/trust.p12").toString(),
                                "CUSTOMACTIONS_DEFINITIONS_TRUST_STORE_PASSWORD", "changeit",
                                // Spans of traces a caller marked sampled go to the tests' collector;
                                // the rest of the traffic records none, as by default.
                                "CUSTOMACTIONS_OTLP_ENDPOINT", traces.endpoint(),
                                "CUSTOMACTIONS_OTLP_PROTOCOL", "http/protobuf",
                                "CUSTOMACTIONS_TRACES_RATIO", "0",
                                // The overload and story tests send more than a workspace's default quota.
                                "CUSTOMACTIONS_QUOTA_REQUESTS_PER_MINUTE", "100000000"));
                context.getRoot()
                        .getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(Platform.class.getName(), (ExtensionContext.Store.CloseableResource) () -> {
                            launcher.close();
                            traces.close();
                        });
            }
        }
    }

    static Launcher launcher() {
        return launcher;
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
