package dev.customactions.definitions.workspace;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.definitions.token.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Creates workspaces, each with a first admin token. */
@ApplicationScoped
public class WorkspaceService {

    /** A new workspace and the secret of its first admin token (shown once). */
    public record Created(Workspace workspace, TokenService.Issued adminToken) {}

    private final TokenService tokens;

    WorkspaceService(TokenService tokens) {
        this.tokens = tokens;
    }

    @Transactional
    public Created create(String name) {
        var workspace = new Workspace();
        workspace.id = UUID.randomUUID();
        workspace.name = name;
        workspace.createdAt = Instant.now();
        workspace.persist();
        return new Created(workspace, tokens.issue(workspace.id, "admin", Set.of(Scopes.ADMIN)));
    }

    /** The workspace {@code id}; 404 when it does not exist. */
    public Workspace get(UUID id) {
        Workspace workspace = Workspace.findById(id);
        if (workspace == null) {
            throw ApiException.notFound("Workspace");
        }
        return workspace;
    }

    /**
     * Workspace {@code id}, its row locked until the transaction ends: changes to what is the workspace's alone
     * (its quota) made at once apply one after the other, and publish in the order they commit.
     */
    public Workspace lock(UUID id) {
        Workspace workspace = Workspace.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (workspace == null) {
            throw ApiException.notFound("Workspace");
        }
        return workspace;
    }
}
