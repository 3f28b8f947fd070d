package dev.customactions.localstack;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) running as a child JVM,
 * started from its Maven artifacts. It can be stopped, killed and started again on the same
 * data, which the fault tests use.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    BrokerProcess(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Path logs = dataDir.resolve("logs");
            Files.createDirectories(logs);
            var command = inOwnSession(List.of(
                    javaExecutable(),
                    "-Xms256m",
                    "-Xmx768m",
                    "-XX:+UseG1GC",
                    "-Dkafka.logs.dir=" + logs,
                    "-Dlog4j2.configurationFile=classpath:local-stack/log4j2.properties",
                    "-cp",
                    classpath(),
                    BrokerMain.class.getName(),
                    dataDir.toString(),
                    String.valueOf(port),
                    String.valueOf(controllerPort)));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            logs.resolve("kafka.out").toFile()))
                    .start();
            awaitReady(logs.resolve("kafka.out"));
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the Kafka broker: " + e.getMessage(), e);
        }
    }

    /** Stops the broker cleanly (it flushes and closes its logs) and waits for it to end. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady(Path output) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!isListening()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the broker", e);
            }
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The Kafka broker exited with code " + process.exitValue()
                            + "; its output is in " + output + ":\n" + tail(output));
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(2, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        process.destroyForcibly();
                        throw new IllegalStateException("The Kafka broker did not become ready within " + START_TIMEOUT
                                + "; its output is in " + output + ":\n" + tail(output));
                    }
                }
            }
        }
    }

    private boolean isListening() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /**
     * {@code command} run in its own session where {@code setsid} exists: Ctrl-C in the terminal
     * then reaches only the parent, which stops its children in order (services, broker, database).
     */
    static List<String> inOwnSession(List<String> command) {
        var result = new ArrayList<String>();
        if (Files.isExecutable(SETSID)) {
            result.add(SETSID.toString());
        }
        result.addAll(command);
        return result;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This module's code and its runtime dependencies (listed at build time), the broker among them. */
    private static String classpath() throws IOException {
        try (var in = BrokerProcess.class.getResourceAsStream("/local-stack/runtime.classpath")) {
            if (in == null) {
                throw new IllegalStateException(
                        "local-stack/runtime.classpath is missing: build the local-stack module");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String own = Path.of(BrokerProcess.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            return own + File.pathSeparator + dependencies;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
