package dev.customactions.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Where the services are and how long the console waits for them. */
@ConfigMapping(prefix = "customactions.console")
public interface ConsoleConfig {

    /** Base URL of each service by the name the browser uses under {@code /api/<name>/}. */
    Map<String, String> services();

    /** The longest a forwarded call may take (a test run waits up to its action's timeout and retries, plus 15 s). */
    @WithDefault("90s")
    Duration proxyTimeout();
}
