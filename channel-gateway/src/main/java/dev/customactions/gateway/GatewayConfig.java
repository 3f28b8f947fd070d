package dev.customactions.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The gateway's settings. */
@ConfigMapping(prefix = "customactions.gateway")
public interface GatewayConfig {

    /** Largest accepted request body, in bytes; a larger one is answered 413. */
    @WithDefault("262144")
    int maxBodyBytes();

    /** Longest wait for Kafka's acknowledgement of an event before answering 503. */
    @WithDefault("5000")
    long publishTimeoutMs();

    /**
     * How long an event's record in the event-id ledger waits for other events' to share its statement
     * (a statement costs PostgreSQL far more than a row; the answer waits that much longer); 0: each goes
     * at once, alone unless others are already waiting.
     */
    @WithDefault("5ms")
    Duration ledgerWindow();

    /** How long an accepted event id is remembered, so that a retry is recognised. */
    @WithDefault("7d")
    Duration eventIdRetention();

    /** Whether {@code POST /benchmark/noop} (authenticates, reads the body, does nothing) answers. */
    @WithDefault("false")
    boolean benchmarkEndpoint();
}
