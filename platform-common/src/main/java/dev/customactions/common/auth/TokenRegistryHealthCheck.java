package dev.customactions.common.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every existing API token has been read, so no valid caller is refused. */
@Readiness
@ApplicationScoped
public class TokenRegistryHealthCheck implements HealthCheck {

    private final TokenRegistry registry;

    TokenRegistryHealthCheck(TokenRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("api-tokens")
                .status(registry.isLoaded())
                .build();
    }
}
