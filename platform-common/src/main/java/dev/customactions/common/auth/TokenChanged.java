package dev.customactions.common.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Set;

/**
 * The current state of one API token, as the definitions service publishes it on
 * {@code auth.tokens} (compacted, key {@code workspace_id:token:token_id}). Only the SHA-256 of
 * the secret travels; a token with {@code revoked_at} set is no longer valid.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenChanged(
        String tokenId,
        String workspaceId,
        String tokenSha256,
        Set<String> scopes,
        Instant createdAt,
        Instant revokedAt) {

    /** CloudEvents type of a token granted. */
    public static final String TYPE_GRANTED = "dev.customactions.token.granted";
    /** CloudEvents type of a token revoked. */
    public static final String TYPE_REVOKED = "dev.customactions.token.revoked";

    /** The record key on {@code auth.tokens}. */
    public String key() {
        return workspaceId + ":token:" + tokenId;
    }

    /** Whether the token is revoked. */
    public boolean revoked() {
        return revokedAt != null;
    }
}
