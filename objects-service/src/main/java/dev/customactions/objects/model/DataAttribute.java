package dev.customactions.objects.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A custom data attribute of contacts or of conversations. Not messenger-writable = protected. */
@Entity
public class DataAttribute extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String workspaceId;

    /** {@code contact} or {@code conversation}. */
    public String model;

    public String name;

    public String dataType;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> options;

    public boolean messengerWritable;

    /** Whether actions may set it (from a third party's data); admins always may. */
    public boolean actionWritable;

    public boolean archived;

    public Instant createdAt;

    public Instant updatedAt;

    public static Optional<DataAttribute> findInWorkspace(String workspaceId, long id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResultOptional();
    }

    /** The attributes of {@code model}, archived ones only when asked for, oldest first. */
    public static List<DataAttribute> listByModel(String workspaceId, String model, boolean includeArchived) {
        return includeArchived
                ? list("workspaceId = ?1 and model = ?2 order by id", workspaceId, model)
                : list("workspaceId = ?1 and model = ?2 and archived = false order by id", workspaceId, model);
    }

    /** Whether {@code name} (without case) is taken in {@code model}. */
    public static boolean nameTaken(String workspaceId, String model, String name) {
        return count("workspaceId = ?1 and model = ?2 and lower(name) = lower(?3)", workspaceId, model, name) > 0;
    }

    public static long countByModel(String workspaceId, String model) {
        return count("workspaceId = ?1 and model = ?2", workspaceId, model);
    }
}
