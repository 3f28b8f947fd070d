package dev.customactions.objects.instance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A link of a custom object instance to a contact or conversation. */
@Entity
@IdClass(CustomObjectReference.Key.class)
public class CustomObjectReference extends PanacheEntityBase {

    /** The primary key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public String instanceId;
        public String target;
        public String targetId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(instanceId, key.instanceId)
                    && Objects.equals(target, key.target)
                    && Objects.equals(targetId, key.targetId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(instanceId, target, targetId);
        }
    }

    @Id
    public String instanceId;

    @Id
    public String target;

    @Id
    public String targetId;

    public String workspaceId;

    public Instant createdAt;

    public static List<CustomObjectReference> ofInstance(String instanceId) {
        return list("instanceId = ?1 order by target, targetId", instanceId);
    }

    public static long countToTarget(String workspaceId, String target, String targetId) {
        return count("workspaceId = ?1 and target = ?2 and targetId = ?3", workspaceId, target, targetId);
    }
}
