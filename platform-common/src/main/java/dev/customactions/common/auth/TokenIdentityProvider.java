package dev.customactions.common.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Turns a bearer token into an identity: principal = token id, roles = its scopes, attribute
 * {@link #WORKSPACE_ATTRIBUTE} = its workspace. Looks the token up in the local {@link TokenRegistry}.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Identity attribute holding the caller's workspace id. */
    public static final String WORKSPACE_ATTRIBUTE = "workspace_id";

    private static final Duration LOAD_WAIT = Duration.ofSeconds(10);

    private final TokenRegistry registry;

    TokenIdentityProvider(TokenRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String secret = request.getToken().getToken();
        if (registry.isLoaded()) {
            return Uni.createFrom().item(() -> identity(secret));
        }
        return context.runBlocking(() -> {
            registry.awaitLoaded(LOAD_WAIT);
            return identity(secret);
        });
    }

    private SecurityIdentity identity(String secret) {
        var grant =
                registry.find(secret).orElseThrow(() -> new AuthenticationFailedException("Unknown or revoked token"));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(grant.tokenId()))
                .addRoles(grant.scopes())
                .addAttribute(WORKSPACE_ATTRIBUTE, grant.workspaceId())
                .build();
    }
}
