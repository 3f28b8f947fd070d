package dev.customactions.definitions.token;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.auth.TokenChanged;
import dev.customactions.common.auth.TokenHash;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.kafka.Topics;
import dev.customactions.definitions.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues, lists and revokes API tokens. Every change is announced on {@code auth.tokens} through
 * the outbox, in the same transaction, so every service's token registry follows it.
 */
@ApplicationScoped
public class TokenService {

    /** A token just issued, with its secret: the only time the secret is seen. */
    public record Issued(ApiToken token, String secret) {}

    private final Outbox outbox;

    TokenService(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Issues a new token in {@code workspaceId} with {@code scopes}. */
    @Transactional
    public Issued issue(UUID workspaceId, String name, Set<String> scopes) {
        return issueWithSecret(workspaceId, name, scopes, TokenHash.newSecret());
    }

    /** Issues a token whose secret is given (the bootstrap admin token from configuration). */
    @Transactional
    public Issued issueWithSecret(UUID workspaceId, String name, Set<String> scopes, String secret) {
        var token = new ApiToken();
        token.id = UUID.randomUUID();
        token.workspaceId = workspaceId;
        token.name = name;
        token.tokenSha256 = TokenHash.sha256(secret);
        token.scopes = String.join(",", new TreeSet<>(scopes));
        token.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        token.persist();
        publish(token);
        return new Issued(token, secret);
    }

    /** Adds {@code scope} to {@code token} unless it has it or is revoked; answers whether it changed. */
    @Transactional
    public boolean grant(UUID id, String scope) {
        ApiToken token = ApiToken.findById(id);
        if (token == null || token.revokedAt != null || token.scopeSet().contains(scope)) {
            return false;
        }
        var scopes = new TreeSet<>(token.scopeSet());
        scopes.add(scope);
        token.scopes = String.join(",", scopes);
        publish(token);
        return true;
    }

    public List<ApiToken> list(UUID workspaceId) {
        return ApiToken.listByWorkspace(workspaceId);
    }

    /**
     * Revokes token {@code id} of {@code workspaceId}; revoking twice keeps the first time. A token with the
     * operator scope is revoked only by an operator ({@code byOperator}): an admin could otherwise leave the
     * platform without one (the bootstrap token, once revoked, is not issued again).
     */
    @Transactional
    public ApiToken revoke(UUID workspaceId, UUID id, boolean byOperator) {
        ApiToken token = ApiToken.lockInWorkspace(workspaceId, id).orElseThrow(() -> ApiException.notFound("Token"));
        if (token.scopeSet().contains(Scopes.OPERATOR) && !byOperator) {
            throw new ApiException(
                    403,
                    ErrorCodes.FORBIDDEN,
                    "Only a platform operator's token revokes a token with the operator scope",
                    "id");
        }
        if (token.revokedAt == null) {
            token.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            publish(token);
        }
        return token;
    }

    private void publish(ApiToken token) {
        var event = new TokenChanged(
                token.id.toString(),
                token.workspaceId.toString(),
                token.tokenSha256,
                token.scopeSet(),
                token.createdAt,
                token.revokedAt);
        outbox.append(
                Topics.AUTH_TOKENS,
                event.key(),
                event.revoked() ? TokenChanged.TYPE_REVOKED : TokenChanged.TYPE_GRANTED,
                event);
    }
}
