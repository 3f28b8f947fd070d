package dev.customactions.common.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.TopicReader;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.quota.QuotaChanged;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every valid API token of the platform, held in memory and kept current from the compacted
 * {@code auth.tokens} topic, so that a request is authenticated without a network round trip and
 * a revocation reaches every service within the time Kafka takes to deliver one record. The same topic
 * carries each workspace's own request rate limit, when an operator set one ({@link QuotaChanged}).
 * <p>
 * Each instance reads the whole topic with a {@link TopicReader}; it is
 * {@linkplain #isLoaded() loaded} once it has caught up with the end offsets seen at start.
 */
@ApplicationScoped
public class TokenRegistry {

    /** A valid token: who it belongs to and what it may do. */
    public record Grant(String tokenId, String workspaceId, Set<String> scopes) {}

    private final ObjectMapper mapper;
    private final Map<String, Grant> byHash = new ConcurrentHashMap<>();
    private final Map<String, String> hashByKey = new ConcurrentHashMap<>();
    private final Map<String, Integer> requestsPerMinute = new ConcurrentHashMap<>();
    private final TopicReader reader;

    // The log line's future is not needed: logging is all it does.
    @SuppressWarnings("FutureReturnValueIgnored")
    TokenRegistry(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = new TopicReader(Topics.AUTH_TOKENS, kafka, this::apply);
        reader.loaded().thenRun(() -> Log.infof("Token registry loaded: %d valid tokens", byHash.size()));
    }

    void onStart(@Observes StartupEvent event) {
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        reader.stop();
    }

    /** The grant of the token whose secret is {@code secret}, if that token exists and is not revoked. */
    public Optional<Grant> find(String secret) {
        return Optional.ofNullable(byHash.get(TokenHash.sha256(secret)));
    }

    /** The requests per minute an operator allowed {@code workspaceId}, if it has a limit of its own. */
    public OptionalInt requestsPerMinute(String workspaceId) {
        Integer limit = requestsPerMinute.get(workspaceId);
        return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    /** Whether the registry has read every token that existed when the service started. */
    public boolean isLoaded() {
        return reader.isLoaded();
    }

    /** Waits up to {@code timeout} for the registry to be loaded; answers whether it is. */
    public boolean awaitLoaded(Duration timeout) {
        return reader.awaitLoaded(timeout);
    }

    private void apply(ConsumerRecord<String, String> record) {
        String quotaOf = QuotaChanged.workspaceOf(record.key());
        if (quotaOf != null) {
            applyQuota(quotaOf, record.value());
            return;
        }
        if (record.value() == null) {
            forget(record.key());
            return;
        }
        TokenChanged token;
        try {
            token = mapper.readValue(record.value(), TokenChanged.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        forget(record.key());
        if (!token.revoked()) {
            byHash.put(
                    token.tokenSha256(), new Grant(token.tokenId(), token.workspaceId(), Scopes.roles(token.scopes())));
            hashByKey.put(record.key(), token.tokenSha256());
        }
    }

    private void applyQuota(String workspaceId, String value) {
        if (value == null) {
            requestsPerMinute.remove(workspaceId);
            return;
        }
        QuotaChanged quota;
        try {
            quota = mapper.readValue(value, QuotaChanged.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (quota.requestsPerMinute() < 1 || !workspaceId.equals(quota.workspaceId())) {
            throw new IllegalArgumentException("A quota needs requests_per_minute >= 1 and the workspace of its key");
        }
        requestsPerMinute.put(workspaceId, quota.requestsPerMinute());
    }

    private void forget(String key) {
        String previous = hashByKey.remove(key);
        if (previous != null) {
            byHash.remove(previous);
        }
    }
}
