package dev.customactions.objects.conversation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A conversation of a workspace on a custom channel, with its contact and last activity. */
@Entity
public class Conversation extends PanacheEntityBase {

    @Id
    public String id;

    public String workspaceId;

    public String externalId;

    public String contactId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> customAttributes;

    public Instant createdAt;

    public Instant updatedAt;

    public Instant lastActivityAt;

    public static Optional<Conversation> findInWorkspace(String workspaceId, String id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResultOptional();
    }

    public static Optional<Conversation> findByExternalId(String workspaceId, String externalId) {
        return find("workspaceId = ?1 and externalId = ?2", workspaceId, externalId)
                .firstResultOptional();
    }

    /** The fields a list's {@code query} searches. */
    public static final List<String> SEARCHED = List.of("externalId");
}
