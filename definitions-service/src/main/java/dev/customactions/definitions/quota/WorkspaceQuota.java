package dev.customactions.definitions.quota;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A workspace's own request rate limit, set by a platform operator (by: the token id). */
@Entity
public class WorkspaceQuota extends PanacheEntityBase {

    @Id
    public UUID workspaceId;

    public int requestsPerMinute;

    public Instant updatedAt;

    public String updatedBy;
}
