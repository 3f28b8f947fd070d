package dev.customactions.definitions.action;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A published version of an action: immutable once written. */
@Entity
@IdClass(ActionVersion.Key.class)
public class ActionVersion extends PanacheEntityBase {

    /** Primary key: action and version number. */
    public record Key(UUID actionId, Integer version) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    public UUID actionId;

    @Id
    public Integer version;

    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    public String definition;

    public Instant publishedAt;

    public static List<ActionVersion> listByAction(UUID actionId) {
        return list("actionId = ?1 order by version desc", actionId);
    }

    public static Optional<ActionVersion> find(UUID actionId, int version) {
        return find("actionId = ?1 and version = ?2", actionId, version).firstResultOptional();
    }

    public static int latest(UUID actionId) {
        Integer latest = find("select max(v.version) from ActionVersion v where v.actionId = ?1", actionId)
                .project(Integer.class)
                .firstResult();
        return latest == null ? 0 : latest;
    }
}
