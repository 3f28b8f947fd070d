package dev.customactions.definitions.action;

import dev.customactions.action.ActionDefinition;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
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

    /** Whether its live version is a tool for AI agents (the platform's MCP server); off by default. */
    public boolean availableToAgents;

    public Instant createdAt;

    public Instant updatedAt;

    public static List<Action> listByWorkspace(UUID workspaceId) {
        return list("workspaceId = ?1 order by name", workspaceId);
    }

    public static Optional<Action> findInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResultOptional();
    }

    /**
     * The action, its row locked until the transaction ends: every change to an action, and every trigger saved
     * on it, reads it so, so that two changes made at once run one after the other, each deciding from what the
     * other committed, and their outbox messages follow the order of their commits.
     */
    public static Optional<Action> lockInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    public static long countInWorkspace(UUID workspaceId) {
        return count("workspaceId", workspaceId);
    }

    public static boolean nameTaken(UUID workspaceId, String name, UUID except) {
        return count("workspaceId = ?1 and lower(name) = lower(?2) and id <> ?3", workspaceId, name, except) > 0;
    }

    /** An action that authenticates with a connection: in its draft, its live version, or both. */
    public record ConnectionUse(
            UUID connectionId, UUID actionId, String name, ActionState state, boolean draft, boolean live) {

        /** In words: "live action 'Get order'", "action 'Get order' (its draft)". */
        public String describe() {
            String action = "action '" + name + "'";
            if (state == ActionState.LIVE) {
                return live ? "live " + action + (draft ? "" : " (its live version)") : action + " (its draft)";
            }
            return action;
        }
    }

    /**
     * Every use of a connection by the workspace's actions (a draft's and a live version's connection, which
     * can differ), by action name. {@code connectionId} null: of every connection.
     */
    public static List<ConnectionUse> connectionUses(UUID workspaceId, UUID connectionId) {
        // A native query's rows of several columns are Object[]; the API types them raw.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager()
                .createNativeQuery("""
                        SELECT a.id, a.name, a.state, a.draft ->> 'connection_id', v.definition ->> 'connection_id'
                        FROM action a
                        LEFT JOIN action_version v ON v.action_id = a.id AND v.version = a.live_version
                        WHERE a.workspace_id = ?1
                          AND (a.draft ->> 'connection_id' IS NOT NULL OR v.definition ->> 'connection_id' IS NOT NULL)
                        ORDER BY lower(a.name)
                        """)
                .setParameter(1, workspaceId)
                .getResultList();
        var uses = new ArrayList<ConnectionUse>();
        for (Object[] row : rows) {
            UUID actionId = (UUID) row[0];
            var state = new ActionState.Column().convertToEntityAttribute((String) row[2]);
            String inDraft = (String) row[3];
            String inLive = (String) row[4];
            for (String used : new LinkedHashSet<>(Arrays.asList(inDraft, inLive))) {
                if (used != null && (connectionId == null || used.equals(connectionId.toString()))) {
                    uses.add(new ConnectionUse(
                            UUID.fromString(used),
                            actionId,
                            (String) row[1],
                            state,
                            used.equals(inDraft),
                            used.equals(inLive)));
                }
            }
        }
        return uses;
    }
}
