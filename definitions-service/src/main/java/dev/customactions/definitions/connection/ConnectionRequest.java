package dev.customactions.definitions.connection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /connections} and {@code PUT /connections/{id}}: the common fields and the
 * fields of each {@link ConnectionType}. On update a secret left out, or sent as {@code "****"},
 * keeps its stored value. {@code rate_limit_per_minute} (any type, optional; 0 removes it) caps the
 * calls the executor makes with this connection.
 */
public record ConnectionRequest(
        String name,
        String description,
        String authType,
        List<String> allowedHosts,
        String token,
        String apiKeyName,
        String apiKeyIn,
        String apiKey,
        String username,
        String password,
        String tokenUrl,
        String clientId,
        String clientSecret,
        String scope,
        Integer rateLimitPerMinute) {

    /** The type-specific fields that were given, by their JSON names. */
    Map<String, String> typeFields() {
        var fields = new HashMap<String, String>();
        put(fields, "token", token);
        put(fields, "api_key_name", apiKeyName);
        put(fields, "api_key_in", apiKeyIn);
        put(fields, "api_key", apiKey);
        put(fields, "username", username);
        put(fields, "password", password);
        put(fields, "token_url", tokenUrl);
        put(fields, "client_id", clientId);
        put(fields, "client_secret", clientSecret);
        put(fields, "scope", scope);
        return fields;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
