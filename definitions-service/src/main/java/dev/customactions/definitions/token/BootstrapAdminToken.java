package dev.customactions.definitions.token;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.auth.TokenHash;
import dev.customactions.definitions.workspace.Workspace;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the admin token from configuration ({@code customactions.bootstrap.admin-token}) valid
 * for the first workspace, creating that workspace on first start; it is the platform operator's
 * token too ({@code operator} scope), the one that may grant that scope to others.
 */
@ApplicationScoped
public class BootstrapAdminToken {

    private final Optional<String> adminToken;
    private final String workspaceName;
    private final TokenService tokens;

    BootstrapAdminToken(
            @ConfigProperty(name = "customactions.bootstrap.admin-token") Optional<String> adminToken,
            @ConfigProperty(name = "customactions.bootstrap.workspace-name", defaultValue = "Default")
                    String workspaceName,
            TokenService tokens) {
        this.adminToken = adminToken;
        this.workspaceName = workspaceName;
        this.tokens = tokens;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) {
        if (adminToken.isEmpty() || adminToken.get().isBlank()) {
            return;
        }
        String secret = adminToken.get().trim();
        var existing = ApiToken.findByHash(TokenHash.sha256(secret));
        if (existing.isPresent()) {
            // Registered by a release before the operator scope: the one who runs the platform keeps its figures.
            if (tokens.grant(existing.get().id, Scopes.OPERATOR)) {
                Log.infof("Bootstrap admin token given the %s scope", Scopes.OPERATOR);
            }
            return;
        }
        Workspace workspace = Workspace.<Workspace>find("order by createdAt")
                .firstResultOptional()
                .orElseGet(() -> {
                    var created = new Workspace();
                    created.id = UUID.randomUUID();
                    created.name = workspaceName;
                    created.createdAt = Instant.now();
                    created.persist();
                    return created;
                });
        // Whoever starts the platform runs it: the first token is its operator's too.
        tokens.issueWithSecret(workspace.id, "bootstrap admin", Set.of(Scopes.ADMIN, Scopes.OPERATOR), secret);
        Log.infof("Bootstrap admin token registered for workspace %s (%s)", workspace.name, workspace.id);
    }
}
