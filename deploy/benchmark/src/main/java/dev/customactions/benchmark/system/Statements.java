package dev.customactions.benchmark.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's own statistics of the statements the services run ({@code pg_stat_statements},
 * loaded by the local stack): reset at the start of a measured window, read at its end, so each
 * step's report says which statements ran how often per written action and what they cost.
 */
final class Statements implements AutoCloseable {

    /** One normalised statement over the window. */
    record Statement(String database, String query, long calls, long rows, double totalMs) {}

    private final Connection connection;

    Statements(String jdbcUrl, String user, String password) throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl, user, password);
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
    }

    synchronized void reset() {
        try (var statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            System.out.println("Resetting pg_stat_statements failed: " + e.getMessage());
        }
    }

    /** Every statement the services ran since {@link #reset()}, the costliest first. */
    synchronized List<Statement> read() {
        var statements = new ArrayList<Statement>();
        try (var query = connection.prepareStatement("""
                SELECT d.datname, s.query, s.calls, s.rows, s.total_exec_time
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname IN ('definitions', 'executor', 'objects', 'gateway')
                ORDER BY s.total_exec_time DESC""");
                var rows = query.executeQuery()) {
            while (rows.next()) {
                statements.add(new Statement(
                        rows.getString(1),
                        rows.getString(2).replaceAll("\\s+", " ").trim(),
                        rows.getLong(3),
                        rows.getLong(4),
                        rows.getDouble(5)));
            }
        } catch (SQLException e) {
            System.out.println("Reading pg_stat_statements failed: " + e.getMessage());
        }
        return statements;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
