package dev.customactions.objects.contact;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A contact (user or lead) of a workspace, known by its external id. */
@Entity
public class Contact extends PanacheEntityBase {

    @Id
    public String id;

    public String workspaceId;

    public String externalId;

    /** {@code user} or {@code lead}. */
    public String role;

    public String name;

    public String email;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> customAttributes;

    public Instant createdAt;

    public Instant updatedAt;

    /** When the latest channel event about this contact was received: older events don't overwrite newer ones. */
    public Instant lastEventAt;

    public static Optional<Contact> findInWorkspace(String workspaceId, String id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResultOptional();
    }

    public static Optional<Contact> findByExternalId(String workspaceId, String externalId) {
        return find("workspaceId = ?1 and externalId = ?2", workspaceId, externalId)
                .firstResultOptional();
    }

    /** The fields a list's {@code query} searches. */
    public static final List<String> SEARCHED = List.of("externalId", "name", "email");
}
