package dev.customactions.definitions.connection;

import static dev.customactions.common.error.ErrorList.Error.invalid;
import static dev.customactions.common.error.ErrorList.Error.missing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.secret.SecretBox;
import dev.customactions.definitions.DefinitionsConfig;
import dev.customactions.definitions.action.Action;
import dev.customactions.definitions.event.DefinitionChanged;
import dev.customactions.definitions.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Creates, changes and deletes connections. Secrets are sealed with {@link SecretBox} before they
 * are stored and never leave this service in clear; each change is announced on
 * {@code definitions.changes} (without secrets) through the outbox, in the same transaction.
 */
@ApplicationScoped
public class ConnectionService {

    /** Shown in place of every secret value. */
    public static final String MASK = "****";

    private static final Pattern HOST =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> OPTIONAL_FIELDS = Set.of("scope");
    private static final int MAX_HOSTS = 20;

    private final SecretBox box;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final boolean allowHttp;

    ConnectionService(SecretBox box, Outbox outbox, ObjectMapper mapper, DefinitionsConfig config) {
        this.box = box;
        this.outbox = outbox;
        this.mapper = mapper;
        this.allowHttp = config.allowHttp();
    }

    public List<Connection> list(UUID workspaceId) {
        return Connection.listByWorkspace(workspaceId);
    }

    public Connection get(UUID workspaceId, UUID id) {
        return Connection.findInWorkspace(workspaceId, id).orElseThrow(() -> ApiException.notFound("Connection"));
    }

    @Transactional
    public Connection create(UUID workspaceId, ConnectionRequest request) {
        var connection = new Connection();
        connection.id = UUID.randomUUID();
        connection.workspaceId = workspaceId;
        connection.version = 0;
        apply(connection, request, Map.of());
        connection.createdAt = connection.updatedAt;
        connection.persist();
        publish(connection);
        return connection;
    }

    @Transactional
    public Connection update(UUID workspaceId, UUID id, ConnectionRequest request) {
        // Locked: two changes at once apply one after the other, and publish in the order they commit.
        Connection connection = Connection.lockInWorkspace(workspaceId, id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiException.notFound("Connection"));
        if (request.authType() != null && !request.authType().equals(connection.type)) {
            throw ApiException.invalid("auth_type", "auth_type can't change; create a new connection");
        }
        apply(connection, request, secrets(connection));
        publish(connection);
        return connection;
    }

    /** The workspace's actions that use {@code id} (all connections' uses when null), by action name. */
    public List<Action.ConnectionUse> uses(UUID workspaceId, UUID id) {
        return Action.connectionUses(workspaceId, id);
    }

    /**
     * Deletes a connection no action uses, in its draft or its live version; else 409 listing them. The
     * connection's row is locked first: an action saved or published at the same time waits for the answer
     * (it reads the connection for share), so neither can slip past the other.
     */
    @Transactional
    public void delete(UUID workspaceId, UUID id) {
        Connection connection = Connection.lockInWorkspace(workspaceId, id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiException.notFound("Connection"));
        List<Action.ConnectionUse> uses = uses(workspaceId, id);
        if (!uses.isEmpty()) {
            throw ApiException.dependents(
                    "actions",
                    uses.stream()
                            .map(use -> "Connection '" + connection.name + "' can't be deleted: " + use.describe()
                                    + " uses it; give the action another connection or delete it first")
                            .toList());
        }
        connection.delete();
        outbox.append(
                Topics.DEFINITIONS_CHANGES,
                DefinitionChanged.key(workspaceId, DefinitionChanged.CONNECTION, id),
                DefinitionChanged.TYPE_DELETED,
                null);
    }

    /** The optional cap on calls made with a connection, a setting of every type. */
    static final String RATE_LIMIT = "rate_limit_per_minute";

    /** The settings and masked secrets of {@code connection}, by JSON field name. */
    public Map<String, String> maskedFields(Connection connection) {
        var fields = new LinkedHashMap<String, String>(connection.settings);
        ConnectionType.of(connection.type).orElseThrow().secrets().forEach(secret -> fields.put(secret, MASK));
        return fields;
    }

    /** The clear secrets of {@code connection}: for the services that must use them, never for the API. */
    public Map<String, String> secrets(Connection connection) {
        try {
            return mapper.readValue(box.open(connection.secrets, sealingContext(connection)), new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable secrets of connection " + connection.id, e);
        }
    }

    private void apply(Connection connection, ConnectionRequest request, Map<String, String> storedSecrets) {
        var errors = new ArrayList<ErrorList.Error>();
        boolean creating = storedSecrets.isEmpty();
        String name = request.name() == null && !creating ? connection.name : request.name();
        if (name == null || name.isBlank()) {
            errors.add(missing("name"));
        } else if (name.length() > 200) {
            errors.add(invalid("name", "name must be at most 200 characters"));
        }
        ConnectionType type = null;
        String typeName = creating ? request.authType() : connection.type;
        if (typeName == null) {
            errors.add(missing("auth_type"));
        } else {
            type = ConnectionType.of(typeName).orElse(null);
            if (type == null) {
                errors.add(invalid(
                        "auth_type", "auth_type must be one of bearer, api_key, basic, oauth2_client_credentials"));
            }
        }
        List<String> hosts =
                request.allowedHosts() == null && !creating ? connection.allowedHostList() : request.allowedHosts();
        List<String> normalizedHosts = hosts(hosts, errors);

        Map<String, String> given = request.typeFields();
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        if (type != null) {
            for (String field : given.keySet()) {
                if (!type.settings().contains(field) && !type.secrets().contains(field)) {
                    errors.add(invalid(field, field + " is not a field of a " + type.wireName() + " connection"));
                }
            }
            for (String field : type.settings()) {
                String value = given.containsKey(field) || creating ? given.get(field) : connection.settings.get(field);
                if (value == null || value.isBlank()) {
                    if (!OPTIONAL_FIELDS.contains(field)) {
                        errors.add(missing(field));
                    }
                } else {
                    settings.put(field, value.trim());
                }
            }
            for (String field : type.secrets()) {
                String value = given.get(field);
                if (value == null || value.equals(MASK)) {
                    value = storedSecrets.get(field);
                }
                if (value == null || value.isEmpty()) {
                    errors.add(missing(field));
                } else if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    errors.add(invalid(field, field + " must not contain line breaks"));
                } else {
                    secrets.put(field, value);
                }
            }
            checkSettings(settings, errors);
            Integer limit = request.rateLimitPerMinute();
            String stored = creating ? null : connection.settings.get(RATE_LIMIT);
            if (limit == null && stored != null) {
                settings.put(RATE_LIMIT, stored);
            } else if (limit != null && (limit < 0 || limit > 1_000_000)) {
                errors.add(invalid(
                        "rate_limit_per_minute", "rate_limit_per_minute must be between 1 and 1000000 (0 removes it)"));
            } else if (limit != null && limit > 0) {
                settings.put(RATE_LIMIT, String.valueOf(limit));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        if (Connection.nameTaken(connection.workspaceId, name, connection.id)) {
            throw ApiException.nameTaken("name", "A connection", name);
        }
        connection.name = name.trim();
        // Left out, the description stays; given empty, it is cleared.
        if (request.description() != null) {
            connection.description = request.description().isBlank() ? null : request.description();
        }
        connection.type = type.wireName();
        connection.allowedHosts = String.join(",", normalizedHosts);
        connection.settings = settings;
        try {
            connection.secrets = box.seal(mapper.writeValueAsString(secrets), sealingContext(connection));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        connection.version++;
        connection.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private void checkSettings(Map<String, String> settings, List<ErrorList.Error> errors) {
        String in = settings.get("api_key_in");
        if (in != null && !in.equals("header") && !in.equals("query")) {
            errors.add(invalid("api_key_in", "api_key_in must be 'header' or 'query'"));
        }
        String keyName = settings.get("api_key_name");
        if (keyName != null && !HEADER_NAME.matcher(keyName).matches()) {
            errors.add(invalid(
                    "api_key_name", "api_key_name must be a header or parameter name (letters, digits, - and _)"));
        }
        String tokenUrl = settings.get("token_url");
        if (tokenUrl != null) {
            try {
                URI uri = URI.create(tokenUrl);
                boolean https = "https".equalsIgnoreCase(uri.getScheme());
                boolean http = "http".equalsIgnoreCase(uri.getScheme());
                if (uri.getHost() == null || !(https || (http && allowHttp))) {
                    errors.add(invalid("token_url", "token_url must be an https:// URL"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(invalid("token_url", "token_url is not a URL"));
            }
        }
    }

    private static List<String> hosts(List<String> hosts, List<ErrorList.Error> errors) {
        if (hosts == null || hosts.isEmpty()) {
            errors.add(missing("allowed_hosts"));
            return List.of();
        }
        if (hosts.size() > MAX_HOSTS) {
            errors.add(invalid("allowed_hosts", "allowed_hosts may name at most " + MAX_HOSTS + " hosts"));
        }
        var normalized = new ArrayList<String>();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i) == null ? "" : hosts.get(i).trim().toLowerCase(Locale.ROOT);
            if (!HOST.matcher(host).matches() || host.length() > 253) {
                errors.add(
                        invalid(
                                "allowed_hosts[" + i + "]",
                                "allowed_hosts[" + i
                                        + "] must be a host name such as api.example.com or *.example.com, without scheme, port or path"));
            } else {
                normalized.add(host);
            }
        }
        return normalized;
    }

    private void publish(Connection connection) {
        var change = DefinitionChanged.connection(connection);
        outbox.append(Topics.DEFINITIONS_CHANGES, change.key(), DefinitionChanged.TYPE_CHANGED, change);
    }

    /** Binds a ciphertext to its connection: moved onto another row, it no longer decrypts. */
    private static String sealingContext(Connection connection) {
        return "connection:" + connection.workspaceId + ":" + connection.id;
    }
}
