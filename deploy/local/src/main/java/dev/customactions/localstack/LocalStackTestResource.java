package dev.customactions.localstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a service's tests at the {@linkplain LocalStack#shared() shared local stack}: one real
 * broker and one real PostgreSQL per test JVM, reused by every test class. Argument
 * {@code database}: the service's database, created if missing.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        LocalStack stack = LocalStack.shared();
        stack.postgres().createDatabase(database);
        return Map.of(
                "kafka.bootstrap.servers", stack.kafkaBootstrapServers(),
                "quarkus.datasource.jdbc.url", stack.postgres().jdbcUrl(database),
                "quarkus.datasource.username", stack.postgres().user(),
                "quarkus.datasource.password", stack.postgres().password());
    }

    @Override
    public void stop() {
        // The stack lives as long as the test JVM: other test classes reuse it.
    }
}
