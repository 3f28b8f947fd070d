package dev.customactions.definitions.connection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An authentication connection of a workspace. Its secrets are sealed; see {@link ConnectionService}. */
@Entity
public class Connection extends PanacheEntityBase {

    @Id
    public UUID id;

    public UUID workspaceId;

    public String name;

    public String description;

    /** A {@link ConnectionType} wire name. */
    public String type;

    /** Comma-separated host names (exact, or {@code *.example.com}). */
    public String allowedHosts;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> settings;

    /** The sealed JSON object of the secret fields. */
    public String secrets;

    /** Increases with every change, so consumers of definitions.changes can order them. */
    public int version;

    public Instant createdAt;

    public Instant updatedAt;

    public List<String> allowedHostList() {
        return Arrays.asList(allowedHosts.split(","));
    }

    public static List<Connection> listByWorkspace(UUID workspaceId) {
        return list("workspaceId = ?1 order by name", workspaceId);
    }

    public static Optional<Connection> findInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResultOptional();
    }

    /** The connection, its row locked until the transaction ends: for share, or to change or delete it. */
    public static Optional<Connection> lockInWorkspace(UUID workspaceId, UUID id, LockModeType lock) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id)
                .withLock(lock)
                .firstResultOptional();
    }

    public static boolean nameTaken(UUID workspaceId, String name, UUID except) {
        return count("workspaceId = ?1 and lower(name) = lower(?2) and id <> ?3", workspaceId, name, except) > 0;
    }
}
