package dev.customactions.definitions.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** An API token of a workspace. The secret itself is never stored: only its SHA-256. */
@Entity
public class ApiToken extends PanacheEntityBase {

    @Id
    public UUID id;

    public UUID workspaceId;

    public String name;

    public String tokenSha256;

    /** Comma-separated scopes. */
    public String scopes;

    public Instant createdAt;

    public Instant revokedAt;

    public Set<String> scopeSet() {
        return new TreeSet<>(Arrays.asList(scopes.split(",")));
    }

    public static List<ApiToken> listByWorkspace(UUID workspaceId) {
        return list("workspaceId = ?1 order by createdAt, id", workspaceId);
    }

    /** The token, its row locked until the transaction ends, to change it: two revocations apply one by one. */
    public static Optional<ApiToken> lockInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    public static Optional<ApiToken> findInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResultOptional();
    }

    public static Optional<ApiToken> findByHash(String tokenSha256) {
        return find("tokenSha256", tokenSha256).firstResultOptional();
    }
}
