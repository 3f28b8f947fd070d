package dev.customactions.objects.instance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An instance of a custom object type, unique per (workspace, type, external id). Written with SQL upserts. */
@Entity
public class CustomObjectInstance extends PanacheEntityBase {

    @Id
    public String id;

    public String workspaceId;

    /** The identifier of its custom object type. */
    public String type;

    public String externalId;

    public Long externalCreatedAt;

    public Long externalUpdatedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> customAttributes;

    public Instant createdAt;

    public Instant updatedAt;

    public static Optional<CustomObjectInstance> findById(String workspaceId, String type, String id) {
        return find("workspaceId = ?1 and type = ?2 and id = ?3", workspaceId, type, id)
                .firstResultOptional();
    }

    public static Optional<CustomObjectInstance> findByExternalId(String workspaceId, String type, String externalId) {
        return find("workspaceId = ?1 and type = ?2 and externalId = ?3", workspaceId, type, externalId)
                .firstResultOptional();
    }

    /** Instances of {@code type} referencing {@code target} {@code targetId}, by id, after {@code startingAfter}. */
    public static List<CustomObjectInstance> referencing(
            String workspaceId, String type, String target, String targetId, String startingAfter, int limit) {
        return find("""
                workspaceId = ?1 and type = ?2 and id > ?5 and id in (
                    select r.instanceId from CustomObjectReference r
                    where r.workspaceId = ?1 and r.target = ?3 and r.targetId = ?4)
                order by id""", workspaceId, type, target, targetId, startingAfter == null ? "" : startingAfter)
                .page(0, limit)
                .list();
    }

    public static long countReferencing(String workspaceId, String type, String target, String targetId) {
        return count("""
                workspaceId = ?1 and type = ?2 and id in (
                    select r.instanceId from CustomObjectReference r
                    where r.workspaceId = ?1 and r.target = ?3 and r.targetId = ?4)""", workspaceId, type, target, targetId);
    }

    /** Instances of any type referencing {@code target} {@code targetId}, most recently updated first. */
    public static List<CustomObjectInstance> referencingAnyType(
            String workspaceId, String target, String targetId, int limit) {
        return find("""
                workspaceId = ?1 and id in (
                    select r.instanceId from CustomObjectReference r
                    where r.workspaceId = ?1 and r.target = ?2 and r.targetId = ?3)
                order by updatedAt desc, id""", workspaceId, target, targetId).page(0, limit).list();
    }

    /** The fields a list's {@code query} searches. */
    public static final List<String> SEARCHED = List.of("externalId");
}
