package dev.customactions.console.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How often the ops page's figures are read from the services, and how long a read may take. */
@ConfigMapping(prefix = "customactions.console.ops")
public interface OpsConfig {

    /** Time between two reads of every service's metrics and readiness (also the scheduler's period). */
    @WithDefault("10s")
    Duration scrapeInterval();

    /** The longest one read of one service may take (connecting included). */
    @WithDefault("3s")
    Duration scrapeTimeout();

    /** How long an admin token, once checked with the definitions service, is accepted without asking again. */
    @WithDefault("10s")
    Duration authCacheTtl();
}
