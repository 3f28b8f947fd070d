package dev.customactions.common.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.customactions.common.auth.TokenChanged;
import dev.customactions.common.auth.TokenHash;
import dev.customactions.common.kafka.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

/**
 * Grants and revokes API tokens the way the definitions service does: by publishing their state
 * on {@code auth.tokens}. Lets a service's tests authenticate against its real token registry.
 */
public final class TestTokens {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A token of {@code workspaceId} with {@code scopes}, published on {@code auth.tokens}. */
    public record Granted(String tokenId, String workspaceId, String secret, Set<String> scopes) {}

    private TestTokens() {}

    /** Publishes a new token; the service accepts it once its registry has read it. */
    public static Granted grant(String bootstrapServers, String workspaceId, String... scopes) {
        String secret = TokenHash.newSecret();
        var granted = new Granted(UUID.randomUUID().toString(), workspaceId, secret, Set.of(scopes));
        publish(bootstrapServers, granted, null);
        return granted;
    }

    /** Publishes the revocation of {@code token}. */
    public static void revoke(String bootstrapServers, Granted token) {
        publish(bootstrapServers, token, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static void publish(String bootstrapServers, Granted token, Instant revokedAt) {
        var event = new TokenChanged(
                token.tokenId(),
                token.workspaceId(),
                TokenHash.sha256(token.secret()),
                token.scopes(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                revokedAt);
        try {
            TestRecords.publish(
                    bootstrapServers,
                    Topics.AUTH_TOKENS,
                    event.key(),
                    UUID.randomUUID().toString(),
                    revokedAt == null ? TokenChanged.TYPE_GRANTED : TokenChanged.TYPE_REVOKED,
                    MAPPER.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
