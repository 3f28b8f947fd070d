package dev.customactions.definitions.trigger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A trigger: binds an action to channel events. Live while it is enabled and its action is live. */
@Entity
public class Trigger extends PanacheEntityBase {

    @Id
    public UUID id;

    public UUID workspaceId;

    public String name;

    public UUID actionId;

    /** Comma-separated event kinds. */
    public String eventKinds;

    /** The {@link TriggerCondition} as JSON, or null. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String condition;

    /** Input name to template, as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String inputBindings;

    public boolean enabled;

    public int version;

    public Instant createdAt;

    public Instant updatedAt;

    public List<String> eventKindList() {
        return Arrays.asList(eventKinds.split(","));
    }

    public static List<Trigger> listByWorkspace(UUID workspaceId) {
        return list("workspaceId = ?1 order by name", workspaceId);
    }

    public static Optional<Trigger> findInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResultOptional();
    }

    /** The trigger, its row locked until the transaction ends, to change it ({@code Action#lockInWorkspace}). */
    public static Optional<Trigger> lockInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** The enabled triggers of an action: what keeps it from going back to draft. */
    public static List<Trigger> enabledForAction(UUID actionId) {
        return list("actionId = ?1 and enabled = true order by name", actionId);
    }
}
