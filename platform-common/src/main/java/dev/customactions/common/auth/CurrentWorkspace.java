package dev.customactions.common.auth;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** The workspace of the caller's token: every read and write of a request is confined to it. */
@RequestScoped
public class CurrentWorkspace {

    private final SecurityIdentity identity;

    CurrentWorkspace(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's workspace id. */
    public String id() {
        String workspaceId = identity.getAttribute(TokenIdentityProvider.WORKSPACE_ATTRIBUTE);
        if (workspaceId == null) {
            throw new UnauthorizedException();
        }
        return workspaceId;
    }
}
