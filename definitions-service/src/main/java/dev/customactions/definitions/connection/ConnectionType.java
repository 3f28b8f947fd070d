package dev.customactions.definitions.connection;

import java.util.List;
import java.util.Optional;

/**
 * How a connection authenticates, and which of its fields are settings and which are secrets.
 */
public enum ConnectionType {
    /** {@code Authorization: Bearer <token>}. */
    BEARER("bearer", List.of(), List.of("token")),
    /** A key in a named header or query parameter. */
    API_KEY("api_key", List.of("api_key_name", "api_key_in"), List.of("api_key")),
    /** {@code Authorization: Basic}. */
    BASIC("basic", List.of("username"), List.of("password")),
    /** OAuth2 client credentials: a token fetched from {@code token_url}, cached until it expires. */
    OAUTH2_CLIENT_CREDENTIALS(
            "oauth2_client_credentials", List.of("token_url", "client_id", "scope"), List.of("client_secret"));

    private final String wireName;
    // Both lists are List.of(...): unmodifiable, though their type does not say so.
    @SuppressWarnings("ImmutableEnumChecker")
    private final List<String> settings;

    @SuppressWarnings("ImmutableEnumChecker")
    private final List<String> secrets;

    ConnectionType(String wireName, List<String> settings, List<String> secrets) {
        this.wireName = wireName;
        this.settings = settings;
        this.secrets = secrets;
    }

    public String wireName() {
        return wireName;
    }

    /** Fields stored in clear. */
    public List<String> settings() {
        return settings;
    }

    /** Fields sealed at rest and shown as {@code "****"}. */
    public List<String> secrets() {
        return secrets;
    }

    public static Optional<ConnectionType> of(String wireName) {
        for (ConnectionType type : values()) {
            if (type.wireName.equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
