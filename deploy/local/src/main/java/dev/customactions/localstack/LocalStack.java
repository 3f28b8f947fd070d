package dev.customactions.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kafka and PostgreSQL for the platform on one machine, without Docker: a real broker as a child
 * JVM and a real PostgreSQL server, both keeping their data under one folder.
 * <p>
 * Two users share this one implementation: the launcher ({@link Launcher}), with fixed ports and a
 * data folder that survives restarts, and every service's tests ({@link #shared()}), with free
 * ports and a fresh folder, started once per test JVM.
 */
public final class LocalStack implements AutoCloseable {

    /** Where and on which ports the stack runs. */
    public record Settings(Path dataDir, int kafkaPort, int kafkaControllerPort, int postgresPort) {}

    private static LocalStack shared;
    private static Path sharedDataDir;

    private final BrokerProcess broker;
    private final String bootstrapServers;
    private final PostgresServer postgres;

    private LocalStack(BrokerProcess broker, String bootstrapServers, PostgresServer postgres) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.postgres = postgres;
    }

    /** Starts PostgreSQL and the broker as {@code settings} say; on failure nothing is left running. */
    public static LocalStack start(Settings settings) {
        PostgresServer postgres = PostgresServer.start(settings.dataDir().resolve("postgres"), settings.postgresPort());
        try {
            var broker = new BrokerProcess(
                    settings.dataDir().resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort());
            broker.start();
            return new LocalStack(broker, broker.bootstrapServers(), postgres);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /**
     * The stack of this JVM's tests, started on first use and stopped when the JVM ends. Uses the
     * broker named by {@code KAFKA_BOOTSTRAP_SERVERS} and the server named by {@code POSTGRES_URL}
     * ({@code POSTGRES_USER}, {@code POSTGRES_PASSWORD}) when those are set, instead of starting its own.
     */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            sharedDataDir = createTempDir();
            shared = startShared(sharedDataDir);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                shared.close();
                                try {
                                    deleteRecursively(sharedDataDir);
                                } catch (IOException e) {
                                    // a temporary folder left behind is harmless
                                }
                            },
                            "local-stack-stop"));
        }
        return shared;
    }

    private static LocalStack startShared(Path dataDir) {
        Optional<String> kafkaFromEnv = env("KAFKA_BOOTSTRAP_SERVERS");
        Optional<String> postgresFromEnv = env("POSTGRES_URL");
        PostgresServer postgres = postgresFromEnv
                .map(url -> PostgresServer.external(
                        url,
                        env("POSTGRES_USER").orElse("postgres"),
                        env("POSTGRES_PASSWORD").orElse("")))
                .orElseGet(() -> PostgresServer.start(dataDir.resolve("postgres"), freePort()));
        if (kafkaFromEnv.isPresent()) {
            return new LocalStack(null, kafkaFromEnv.get(), postgres);
        }
        try {
            var broker = new BrokerProcess(dataDir.resolve("kafka"), freePort(), freePort());
            broker.start();
            return new LocalStack(broker, broker.bootstrapServers(), postgres);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** {@code host:port} of the broker. */
    public String kafkaBootstrapServers() {
        return bootstrapServers;
    }

    /** The broker this stack started, or empty when it uses one from the environment. */
    public Optional<BrokerProcess> broker() {
        return Optional.ofNullable(broker);
    }

    public PostgresServer postgres() {
        return postgres;
    }

    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.stop();
            }
        } finally {
            postgres.close();
        }
    }

    /** Deletes {@code dir} and all it holds. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Whether nothing listens on {@code port} of the loopback interface. */
    public static boolean isPortFree(int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    private static Path createTempDir() {
        try {
            Path dir = Files.createTempDirectory("local-stack-");
            dir.toFile().setReadable(true, false);
            dir.toFile().setWritable(true, false);
            dir.toFile().setExecutable(true, false);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The environment variable {@code name}, unless it is unset or blank. */
    static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
