package dev.customactions.definitions.action;

import dev.customactions.action.ActionDefinition;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An action of a workspace: its editable draft and whether a published version is live. */
@Entity
public class Action extends PanacheEntityBase {

    @Id
    public UUID id;

    public UUID workspaceId;

    public String name;

    public ActionState state;

    /** The draft {@link ActionDefinition}, as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String draft;

    /** The number of the live version; null while the action is a draft. */
    public Integer liveVersion;

    public Instant createdAt;

    public Instant updatedAt;

    public static List<Action> listByWorkspace(UUID workspaceId) {
        return list("workspaceId = ?1 order by name", workspaceId);
    }

    public static Optional<Action> findInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResultOptional();
    }

    public static long countInWorkspace(UUID workspaceId) {
        return count("workspaceId", workspaceId);
    }

    public static boolean nameTaken(UUID workspaceId, String name, UUID except) {
        return count("workspaceId = ?1 and lower(name) = lower(?2) and id <> ?3", workspaceId, name, except) > 0;
    }
}
