package dev.customactions.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * Entry point of the broker child process: one Apache Kafka node in KRaft mode (combined broker
 * and controller), formatted on first start, its data kept in the given folder.
 * <p>
 * The process ends, shutting the broker down cleanly, when its standard input closes: the parent
 * holds it open, so a broker never outlives the JVM that started it.
 * <p>
 * Arguments: {@code <data-dir> <port> <controller-port>}.
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Path logDir = dataDir.resolve("log");
        Files.createDirectories(logDir);

        Path config = dataDir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(config)) {
            serverProperties(logDir, port, controllerPort).store(writer, "Written by the local stack at each start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = clusterId(dataDir);
            int formatted = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"},
                    System.out);
            if (formatted != 0) {
                System.err.println("Formatting the broker's storage failed: " + formatted);
                System.exit(formatted);
            }
        }
        watchParent(System.in);
        kafka.Kafka.main(new String[] {config.toString()});
    }

    static Properties serverProperties(Path logDir, int port, int controllerPort) {
        var props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", logDir.toString());
        props.setProperty("num.partitions", "6");
        props.setProperty("auto.create.topics.enable", "false");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "10");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "10");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // Idle near zero: the controller writes a no-op record to the metadata log every 500 ms by default
        // (for brokers to notice a stalled controller); this one broker is its own controller.
        props.setProperty("metadata.max.idle.interval.ms", "5000");
        return props;
    }

    private static String clusterId(Path dataDir) throws IOException {
        Path file = dataDir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        // Kafka's own ids never start with '-', which the format tool would read as an option.
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    private static void watchParent(InputStream in) {
        var watcher = new Thread(
                () -> {
                    try {
                        while (in.read() != -1) {
                            // nothing is ever sent; end of stream means the parent is gone
                        }
                    } catch (IOException e) {
                        // treated as end of stream
                    }
                    PrintStream out = System.out;
                    out.println("Parent process gone: stopping the broker");
                    System.exit(0);
                },
                "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
