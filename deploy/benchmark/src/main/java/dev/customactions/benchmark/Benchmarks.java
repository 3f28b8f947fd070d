package dev.customactions.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the benchmarks share around their measurements: the services' environment, the records' headers, the reports. */
public final class Benchmarks {

    private Benchmarks() {}

    /**
     * The environment of the services a benchmark starts: {@code extra}, the JVM options given as
     * {@code -Dbenchmark.service-jvm-options}, and no HTTP access log.
     */
    public static Map<String, String> serviceEnv(Map<String, String> extra) {
        var env = new HashMap<>(extra);
        env.put("JAVA_TOOL_OPTIONS", System.getProperty("benchmark.service-jvm-options", ""));
        env.put("QUARKUS_LOG_CATEGORY__IO_QUARKUS_HTTP_ACCESS_LOG__LEVEL", "WARN");
        // The benchmarks measure the platform, not a workspace's quota (10,000 requests a minute by default).
        env.put("CUSTOMACTIONS_QUOTA_REQUESTS_PER_MINUTE", "100000000");
        return env;
    }

    /** {@code record} with the CloudEvents headers of an event of {@code type} from the benchmark, as JSON. */
    public static <K> ProducerRecord<K, String> withCloudEventHeaders(ProducerRecord<K, String> record, String type) {
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_source", bytes("benchmark"))
                .add("ce_type", bytes(type))
                .add("content-type", bytes("application/json"));
        return record;
    }

    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** This machine in a few words: cores, operating system, Java version. */
    public static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + ", Java "
                + System.getProperty("java.version");
    }

    /** Writes {@code report} to {@code deploy/benchmark/results/<name>-latest.md}, then prints it and where it went. */
    public static void writeLatest(Path home, String name, String report) throws Exception {
        Path out = home.resolve("deploy/benchmark/results/" + name + "-latest.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println();
        System.out.println(report);
        System.out.println("Written to " + out);
    }
}
