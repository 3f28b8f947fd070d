package dev.customactions.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.common.testing.StandIn;
import dev.customactions.localstack.Launcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console in real headless Chromium (Debian's package, driven by playwright-core with the
 * machine's Node.js): the seed's story by clicks only, against the launched platform and a local
 * HTTPS stand-in for the shop. The browser steps are in {@code console/web/e2e/}; each main screen
 * is saved under {@code target/screenshots/}.
 */
@ExtendWith(Platform.class)
class ConsoleBrowserTest {

    static final String ORDER = """
            {"order": {"id": 1001, "name": "#1001", "fulfillment_status": "shipped", "total_price": "52.50",
                       "customer": {"email": "jane@example.com"}}}""";

    @Test
    void anAdminDoesTheSeedStoryByClicksOnly() throws Exception {
        String admin = Platform.newWorkspaceAdmin("Console " + UUID.randomUUID());
        Path home = Platform.home();
        Path screenshots = Path.of("target/screenshots").toAbsolutePath();
        try (var shop = StandIn.start()) {
            shop.on("/admin/api/orders/1001.json", StandIn.json(200, ORDER));
            shop.on("/admin/api/orders/404.json", StandIn.json(404, "{\"errors\": \"Not Found\"}"));
            var builder = new ProcessBuilder(
                            "node",
                            "--test",
                            "--test-reporter=spec",
                            "--test-timeout=600000",
                            "e2e/seed-story.test.mjs")
                    .directory(home.resolve("console/web").toFile())
                    .redirectErrorStream(true);
            builder.environment().put("CONSOLE_URL", Launcher.url("console"));
            builder.environment().put("ADMIN_TOKEN", admin);
            builder.environment().put("OPERATOR_TOKEN", Platform.launcher().adminToken());
            builder.environment().put("SHOP_ORIGIN", "https://127.0.0.1:" + shop.port());
            builder.environment().put("GATEWAY_URL", Platform.GATEWAY);
            builder.environment().put("SCREENSHOTS", screenshots.toString());
            Process node = builder.start();
            var output = new StringBuilder();
            try (var lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println("[console e2e] " + line);
                    output.append(line).append('\n');
                }
            }
            assertTrue(node.waitFor(5, TimeUnit.MINUTES), "the browser tests ended");
            assertEquals(0, node.exitValue(), "the browser tests passed:\n" + output);
        }
    }
}
