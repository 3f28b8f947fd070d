package dev.customactions.objects.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A custom object type of a workspace, such as {@code Order}, known by its identifier. */
@Entity
public class CustomObjectType extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String workspaceId;

    public String identifier;

    public String name;

    public String description;

    public boolean archived;

    public Instant createdAt;

    public Instant updatedAt;

    public static Optional<CustomObjectType> findByIdentifier(String workspaceId, String identifier) {
        return find("workspaceId = ?1 and identifier = ?2", workspaceId, identifier)
                .firstResultOptional();
    }

    public static List<CustomObjectType> listByWorkspace(String workspaceId) {
        return list("workspaceId = ?1 order by id", workspaceId);
    }

    /** Whether {@code identifier} (without case) is taken. */
    public static boolean identifierTaken(String workspaceId, String identifier) {
        return count("workspaceId = ?1 and lower(identifier) = lower(?2)", workspaceId, identifier) > 0;
    }

    public static long countByWorkspace(String workspaceId) {
        return count("workspaceId = ?1", workspaceId);
    }
}
