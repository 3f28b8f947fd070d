package dev.customactions.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the whole platform on one machine: PostgreSQL, a Kafka broker and the four services as
 * separate processes, waits until every service is healthy, prints where everything is, and
 * stops it all on Ctrl-C.
 * <p>
 * Options: {@code --home <repo>} (where the built services are), {@code --data-dir <dir>}
 * (default {@code <repo>/.local-data}), {@code --reset} (start from empty data).
 * <p>
 * Tests can run more instances of a service beside its first ({@link #startReplica}): each on a
 * free port of its own, with a log of its own and Kafka client ids of its own, in the same consumer
 * groups and on the same database as the first.
 */
public final class Launcher implements AutoCloseable {

    /** One service of the platform: its module folder, port and database. */
    /** A module the launcher starts; {@code database} is null for one without a database (the console). */
    record Service(String module, int port, String database) {
        Path jar(Path home) {
            return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    static final List<Service> SERVICES = List.of(
            new Service("definitions-service", 8082, "definitions"),
            new Service("channel-gateway", 8081, "gateway"),
            new Service("executor-service", 8083, "executor"),
            new Service("objects-service", 8084, "objects"),
            new Service("console", 8080, null));

    /** The modules on the events' path, without the console: what the benchmarks start. */
    public static final List<String> PLATFORM_SERVICES =
            List.of("definitions-service", "channel-gateway", "executor-service", "objects-service");

    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int POSTGRES_PORT = 5432;
    private static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(2);
    /**
     * How long the services together get to stop cleanly before they are killed: 15 s, or
     * {@code CUSTOMACTIONS_SERVICES_STOP_SECONDS} (a JDK 25 AOT training run writes its configuration at exit).
     */
    private static final int SERVICES_STOP_SECONDS = LocalStack.env("CUSTOMACTIONS_SERVICES_STOP_SECONDS")
            .map(Integer::parseInt)
            .orElse(15);

    private final Path home;
    private final Path dataDir;
    private final List<Service> services;
    private final Map<String, String> extraEnv;
    private String adminToken;
    private String secretsKey;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final List<Instance> replicas = new CopyOnWriteArrayList<>();
    /** The number of the last instance started of each module; its first instance is 1. */
    private final Map<String, AtomicInteger> instanceNumbers = new ConcurrentHashMap<>();

    private volatile boolean stopping;
    private LocalStack stack;

    private Launcher(Path home, Path dataDir, List<Service> services, Map<String, String> extraEnv) {
        this.home = home;
        this.dataDir = dataDir;
        this.services = services;
        this.extraEnv = extraEnv;
    }

    /**
     * Starts PostgreSQL, Kafka and the named modules (all four when empty), each with
     * {@code extraEnv} added to its environment, and waits until they are healthy. For the
     * benchmark and the system tests; {@link #close()} stops everything.
     */
    public static Launcher start(
            Path home, Path dataDir, boolean reset, List<String> modules, Map<String, String> extraEnv)
            throws IOException {
        List<Service> chosen = SERVICES.stream()
                .filter(s -> modules.isEmpty() || modules.contains(s.module()))
                .toList();
        var launcher = new Launcher(home, dataDir, chosen, Map.copyOf(extraEnv));
        try {
            launcher.run(reset);
        } catch (IOException | RuntimeException e) {
            launcher.close();
            throw e;
        }
        return launcher;
    }

    /** The admin token of the first workspace. */
    public String adminToken() {
        return adminToken;
    }

    /** Kafka and PostgreSQL, for fault tests that stop and start them. */
    public LocalStack stack() {
        return stack;
    }

    /** Kafka's bootstrap servers. */
    public String kafkaBootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    /** The local URL of {@code module}. */
    public static String url(String module) {
        return SERVICES.stream()
                .filter(s -> s.module().equals(module))
                .findFirst()
                .map(s -> "http://localhost:" + s.port())
                .orElseThrow();
    }

    /** Kills {@code module} at once (SIGKILL: no shutdown hook, no clean leave of its consumer groups). */
    public void kill(String module) throws InterruptedException {
        int i = indexOf(module);
        processes.get(i).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts {@code module} again after {@link #kill} and waits until it is healthy. */
    public void restart(String module) throws IOException {
        int i = indexOf(module);
        Service service = services.get(i);
        Process process = startService(service, service.port(), 1, log(service, 1), Map.of());
        processes.set(i, process);
        awaitHealthy(service.module(), service.port(), process, log(service, 1));
    }

    /**
     * One more instance of a module: a process of its own on a free port, with its own log
     * ({@code logs/<module>-<number>.log}) and Kafka client ids ({@link Instance#clientIdPrefix()}),
     * in the module's consumer groups and on its database. {@link #close()} stops it with the others.
     */
    public static final class Instance {

        private final Service service;
        private final int number;
        private final int port;
        private final Path log;
        private final Process process;

        private Instance(Service service, int number, int port, Path log, Process process) {
            this.service = service;
            this.number = number;
            this.port = port;
            this.log = log;
            this.process = process;
        }

        public String module() {
            return service.module();
        }

        /** 2 for the first replica, 3 for the next: the module's first instance is 1. */
        public int number() {
            return number;
        }

        public int port() {
            return port;
        }

        /** {@code http://localhost:<port>}. */
        public String url() {
            return "http://localhost:" + port;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** What its Kafka clients' ids start with: {@code <module>-<number>-}. */
        public String clientIdPrefix() {
            return Launcher.clientIdPrefix(service.module(), number);
        }

        public Path log() {
            return log;
        }

        @Override
        public String toString() {
            return module() + "-" + number + " (" + url() + ", pid " + pid() + ")";
        }
    }

    /** Starts one more instance of {@code module} (one the launcher started) and waits until it is healthy. */
    public Instance startReplica(String module) throws IOException {
        return startReplica(module, Map.of());
    }

    /**
     * Starts one more instance of {@code module}, with {@code env} added to (and overriding) its
     * environment, and waits until it is healthy. Thread-safe: replicas may be started at once.
     */
    public Instance startReplica(String module, Map<String, String> env) throws IOException {
        Service service = services.get(indexOf(module));
        int number = instanceNumbers
                .computeIfAbsent(module, m -> new AtomicInteger(1))
                .incrementAndGet();
        int port = LocalStack.freePort();
        Path log = log(service, number);
        step("Starting " + module + "-" + number + " on port " + port);
        var instance = new Instance(service, number, port, log, startService(service, port, number, log, env));
        replicas.add(instance);
        try {
            awaitHealthy(module + "-" + number, port, instance.process, log);
        } catch (RuntimeException e) {
            stop(instance);
            throw e;
        }
        step(module + "-" + number + " is healthy");
        return instance;
    }

    /** The replicas started and not stopped, in the order they were started. */
    public List<Instance> replicas() {
        return List.copyOf(replicas);
    }

    /** Kills {@code instance} at once (SIGKILL: no shutdown hook, no clean leave of its consumer groups). */
    public void kill(Instance instance) throws InterruptedException {
        instance.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        replicas.remove(instance);
    }

    /** Stops {@code instance} cleanly (SIGTERM), killing it if it has not ended within 15 s. */
    public void stop(Instance instance) {
        instance.process.destroy();
        try {
            if (!instance.process.waitFor(SERVICES_STOP_SECONDS, TimeUnit.SECONDS)) {
                instance.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            instance.process.destroyForcibly();
        }
        replicas.remove(instance);
    }

    /** What the Kafka clients' ids of instance {@code number} of {@code module} start with (the first is 1). */
    public static String clientIdPrefix(String module, int number) {
        return module + "-" + number + "-";
    }

    private Path log(Service service, int number) {
        return dataDir.resolve("logs").resolve(service.module() + (number == 1 ? "" : "-" + number) + ".log");
    }

    private int indexOf(String module) {
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i).module().equals(module)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Not started here: " + module);
    }

    /** Stops the services, Kafka and PostgreSQL. */
    @Override
    public void close() {
        stopAll();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(".").toAbsolutePath().normalize();
        Path dataDir = null;
        boolean reset = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--data-dir" ->
                    dataDir = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--reset" -> reset = true;
                default -> fail("Unknown option " + args[i] + " (options: --data-dir <dir>, --reset)");
            }
        }
        if (dataDir == null) {
            dataDir = home.resolve(".local-data");
        }
        var launcher = new Launcher(home, dataDir, SERVICES, Map.of());
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            launcher.stopAll();
                            stopped.countDown();
                        },
                        "launcher-stop"));
        try {
            launcher.run(reset);
            launcher.printSummary();
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
        }
        launcher.awaitExit();
        stopped.await(2, TimeUnit.MINUTES);
    }

    private void run(boolean reset) throws IOException {
        for (Service service : services) {
            if (!Files.exists(service.jar(home))) {
                throw new IllegalStateException(
                        service.jar(home) + " is missing: build first (deploy/local/run builds what is missing)");
            }
        }
        checkPortsFree();
        if (reset) {
            step("Deleting the data in " + dataDir);
            LocalStack.deleteRecursively(dataDir);
        }
        Files.createDirectories(dataDir.resolve("logs"));
        Instant started = Instant.now();

        step("Starting PostgreSQL on port " + POSTGRES_PORT + " and Kafka on port " + KAFKA_PORT + " (data in "
                + dataDir + ")");
        stack = LocalStack.start(new LocalStack.Settings(dataDir, KAFKA_PORT, KAFKA_CONTROLLER_PORT, POSTGRES_PORT));
        for (Service service : services) {
            if (service.database() != null) {
                stack.postgres().createDatabase(service.database());
            }
        }
        adminToken = readOrCreate("admin-token", "cat_");
        secretsKey = readOrCreate("secrets-key", "");

        for (Service service : services) {
            step("Starting " + service.module() + " on port " + service.port());
            instanceNumbers.put(service.module(), new AtomicInteger(1));
            processes.add(startService(service, service.port(), 1, log(service, 1), Map.of()));
        }
        for (int i = 0; i < services.size(); i++) {
            Service service = services.get(i);
            awaitHealthy(service.module(), service.port(), processes.get(i), log(service, 1));
            step(service.module() + " is healthy");
        }
        step("Up in " + Duration.between(started, Instant.now()).toSeconds() + " s");
    }

    private void printSummary() {
        System.out.println();
        services.stream()
                .filter(s -> s.database() == null)
                .forEach(console -> System.out.printf(
                        "Console:     http://localhost:%d   (sign in with the admin token below)%n%n", console.port()));
        System.out.println("The platform is up:");
        for (Service service : services) {
            if (service.database() == null) {
                continue;
            }
            System.out.printf(
                    "  %-20s http://localhost:%d   (API docs: http://localhost:%d/q/swagger-ui)%n",
                    service.module(), service.port(), service.port());
        }
        System.out.printf("  %-20s 127.0.0.1:%d%n", "Kafka", KAFKA_PORT);
        System.out.printf(
                "  %-20s %s (user postgres)%n", "PostgreSQL", stack.postgres().jdbcUrl("<service>"));
        System.out.println("Logs:        " + dataDir.resolve("logs"));
        System.out.println("Admin token: " + adminToken);
        System.out.println();
        System.out.println("Try it:");
        System.out.println("  curl -X POST http://localhost:8081/custom_channel_events/notify_new_conversation \\");
        System.out.println("    -H 'Authorization: Bearer " + adminToken + "' -H 'Content-Type: application/json' \\");
        System.out.println(
                "    -d '{\"event_id\":\"evt_1\",\"external_conversation_id\":\"conv_1\","
                        + "\"contact\":{\"type\":\"user\",\"external_id\":\"user_1\",\"name\":\"Jane Doe\",\"email\":\"jane@example.com\"}}'");
        System.out.println();
        System.out.println("Press Ctrl-C to stop everything.");
    }

    private void checkPortsFree() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(POSTGRES_PORT, "PostgreSQL");
        ports.put(KAFKA_PORT, "Kafka");
        ports.put(KAFKA_CONTROLLER_PORT, "Kafka's controller");
        services.forEach(service -> ports.put(service.port(), service.module()));
        ports.forEach((port, user) -> {
            if (!LocalStack.isPortFree(port)) {
                throw new IllegalStateException("Port " + port + " (for " + user + ") is in use by another program. "
                        + "Stop it (e.g. find it with: ss -ltnp 'sport = :" + port + "') and run again.");
            }
        });
    }

    /**
     * A random secret kept in the data folder (readable by its owner only): made on first start,
     * the same on every start after. The admin token, the key that seals connection secrets.
     */
    private String readOrCreate(String name, String prefix) throws IOException {
        Path file = dataDir.resolve(name);
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = prefix.isEmpty()
                ? Base64.getEncoder().encodeToString(random)
                : prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return value;
    }

    /**
     * Starts instance {@code number} of {@code service} on {@code port}, its output appended to
     * {@code log}; {@code instanceEnv} comes last in its environment.
     */
    private Process startService(Service service, int port, int number, Path log, Map<String, String> instanceEnv)
            throws IOException {
        // Stopped by the launcher before Kafka and PostgreSQL, so consumers leave their groups cleanly.
        var command = BrokerProcess.inOwnSession(ServiceJvm.command(service.module(), service.jar(home)));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        if (service.database() != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.postgres().jdbcUrl(service.database()));
            env.put("QUARKUS_DATASOURCE_USERNAME", stack.postgres().user());
            env.put("QUARKUS_DATASOURCE_PASSWORD", stack.postgres().password());
        }
        if (service.database() == null) {
            // The console forwards /api/<service>/ to each service.
            Map.of(
                            "DEFINITIONS",
                            "definitions-service",
                            "GATEWAY",
                            "channel-gateway",
                            "EXECUTOR",
                            "executor-service",
                            "OBJECTS",
                            "objects-service")
                    .forEach((name, module) -> env.put("CUSTOMACTIONS_CONSOLE_SERVICES_" + name, url(module)));
        }
        env.put("CUSTOMACTIONS_BOOTSTRAP_ADMIN_TOKEN", adminToken);
        if (service.module().equals("definitions-service") || service.module().equals("executor-service")) {
            // The key that seals connection secrets: only for the service that seals and the one that opens.
            env.put("CUSTOMACTIONS_SECRETS_KEY_ID", "local");
            env.put("CUSTOMACTIONS_SECRETS_KEY", secretsKey);
        }
        env.put("QUARKUS_REST_CLIENT_OBJECTS_URL", "http://localhost:8084");
        env.putAll(extraEnv);
        // Each instance's Kafka clients are told apart in the broker's view of a group (and in its logs
        // and quotas): <module>-<number>-<channel> instead of every instance's kafka-consumer-<channel>.
        env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_CLIENT_ID_PREFIX", clientIdPrefix(service.module(), number));
        env.putAll(instanceEnv);
        return builder.start();
    }

    private void awaitHealthy(String name, int port, Process process, Path log) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(HEALTH_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + ". The end of "
                        + log + ":\n" + BrokerProcess.tail(log));
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " was not healthy within " + HEALTH_TIMEOUT.toSeconds()
                        + " s. See http://localhost:" + port + "/q/health and " + log);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted");
            }
        }
    }

    /** Blocks until a service dies on its own; then everything is stopped. */
    private void awaitExit() throws InterruptedException {
        while (!stopping) {
            for (int i = 0; i < processes.size(); i++) {
                if (!processes.get(i).isAlive() && !stopping) {
                    System.err.println(services.get(i).module() + " stopped unexpectedly (exit code "
                            + processes.get(i).exitValue() + "); see " + dataDir.resolve("logs"));
                    System.exit(1);
                }
            }
            Thread.sleep(1_000);
        }
    }

    private synchronized void stopAll() {
        stopping = true;
        if (processes.isEmpty() && replicas.isEmpty() && stack == null) {
            return;
        }
        step("Stopping the services");
        List<Process> all = new ArrayList<>(processes);
        replicas.forEach(replica -> all.add(replica.process));
        all.forEach(Process::destroy);
        // Together, within one bound: a service whose consumer is waiting out an outage may not end by
        // itself soon, and Ctrl-C must stop everything within 30 s. Its uncommitted records are read again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SERVICES_STOP_SECONDS);
        for (Process process : all) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    step("Process " + process.pid() + " did not stop within " + SERVICES_STOP_SECONDS
                            + " s; killing it");
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
        processes.clear();
        replicas.clear();
        if (stack != null) {
            step("Stopping Kafka and PostgreSQL");
            stack.close();
            stack = null;
        }
        step("Stopped");
    }

    private static void step(String message) {
        System.out.println("==> " + message);
    }

    private static void fail(String message) {
        System.err.println("ERROR: " + message);
        System.exit(2);
    }
}
