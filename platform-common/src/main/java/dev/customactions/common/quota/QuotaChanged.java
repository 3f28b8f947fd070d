package dev.customactions.common.quota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A workspace's own request rate limit, set by a platform operator through the definitions service and
 * published on {@code auth.tokens} (compacted, key {@code workspace_id:quota}) next to the workspace's tokens,
 * so every service that authenticates a request also knows how often it may come. A tombstone puts the
 * workspace back on the configured limit.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record QuotaChanged(String workspaceId, int requestsPerMinute, Instant updatedAt) {

    /** CloudEvents type of a workspace's limit set. */
    public static final String TYPE_SET = "dev.customactions.quota.set";
    /** CloudEvents type of a workspace put back on the configured limit (a tombstone). */
    public static final String TYPE_RESET = "dev.customactions.quota.reset";

    private static final String KEY_SUFFIX = ":quota";

    /** The record key of {@code workspaceId}'s limit on {@code auth.tokens}. */
    public static String key(String workspaceId) {
        return workspaceId + KEY_SUFFIX;
    }

    /** The workspace whose limit a record of {@code auth.tokens} keyed {@code key} is, or null for a token's. */
    public static String workspaceOf(String key) {
        return key != null && key.endsWith(KEY_SUFFIX) ? key.substring(0, key.length() - KEY_SUFFIX.length()) : null;
    }
}
