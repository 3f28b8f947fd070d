package dev.customactions.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A real PostgreSQL server from the binaries packaged in Maven artifacts (zonky), its data kept in
 * the given folder, or an existing server named by a JDBC URL. Creates one database per service.
 */
public final class PostgresServer implements AutoCloseable {

    private EmbeddedPostgres embedded;
    private final Path dataDir;
    private final int port;
    private final String baseUrl;
    private final String user;
    private final String password;

    private PostgresServer(
            EmbeddedPostgres embedded, Path dataDir, int port, String baseUrl, String user, String password) {
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.port = port;
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    /** Starts a server on {@code port} with its data in {@code dataDir} (kept between starts). */
    static PostgresServer start(Path dataDir, int port) {
        return new PostgresServer(
                launch(dataDir, port), dataDir, port, "jdbc:postgresql://127.0.0.1:" + port + "/", "postgres", "");
    }

    private static EmbeddedPostgres launch(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            return EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // The embedded server's default is no fsync at all, which a crash of the machine can turn
                    // into a corrupt cluster. With fsync on, the data files and the WAL are flushed; commits
                    // don't wait for the flush (synchronous_commit off, flushed within a fraction of a second),
                    // as Kafka on this one machine doesn't wait for the disk either: a crash of any process
                    // loses nothing, a power loss may lose the last moment on both, never the whole database.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "off")
                    // PostgreSQL's own per-statement statistics, for operators and the benchmarks (a few % at most).
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start PostgreSQL on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (the fault tests' outage); {@link #restart()} brings it back on the same data and port. */
    public synchronized void stop() {
        if (embedded == null) {
            throw new IllegalStateException("This server was not started by the stack");
        }
        close();
        embedded = null;
    }

    /** Starts the server again after {@link #stop()}. */
    public synchronized void restart() {
        if (embedded == null && dataDir != null) {
            embedded = launch(dataDir, port);
        }
    }

    /** An existing server: {@code baseUrl} such as {@code jdbc:postgresql://db:5432/}. */
    static PostgresServer external(String baseUrl, String user, String password) {
        return new PostgresServer(null, null, 0, baseUrl.endsWith("/") ? baseUrl : baseUrl + "/", user, password);
    }

    /** Creates {@code database} unless it exists. */
    public void createDatabase(String database) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection connection = DriverManager.getConnection(baseUrl + "postgres", user, password);
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created meanwhile by someone else
                throw new IllegalStateException("Could not create database " + database + ": " + e.getMessage(), e);
            }
        }
    }

    /** The JDBC URL of {@code database}. */
    public String jdbcUrl(String database) {
        return baseUrl + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new IllegalStateException("Could not stop PostgreSQL: " + e.getMessage(), e);
            }
        }
    }
}
