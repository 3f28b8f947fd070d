package dev.customactions.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The console's copy of a service's OpenAPI document ({@code console/web/openapi/<service>.json}), from
 * which the console's API types are generated: a service's test compares it with the document the
 * service serves, so that the console's types never drift from the API. With
 * {@code -Dopenapi.update=true} the test writes the copy instead (then commit it).
 */
public final class OpenApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OpenApiDocument() {}

    /** Checks (or, asked to, writes) the console's copy of the document the service under test serves. */
    public static void check(String service) throws IOException, InterruptedException {
        String url = ConfigProvider.getConfig().getValue("test.url", String.class) + "/q/openapi?format=json";
        HttpResponse<String> served = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served.statusCode(), "GET /q/openapi");
        check(service, served.body());
    }

    /** Checks (or, asked to, writes) the console's copy of {@code service}'s document {@code served}. */
    static void check(String service, String served) throws IOException {
        Path copy = Path.of("../console/web/openapi", service + ".json");
        // Keys sorted, so that the copy changes only where the API does.
        String canonical = JSON.writeValueAsString(JSON.treeToValue(JSON.readTree(served), Object.class)) + "\n";
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, canonical, StandardCharsets.UTF_8);
            return;
        }
        String kept = Files.exists(copy) ? Files.readString(copy, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(
                kept,
                canonical,
                "The " + service + " API changed: write the console's copy with -Dopenapi.update=true "
                        + "(e.g. ./mvnw verify -pl <module> -Dtest=OpenApiDocumentTest -Dopenapi.update=true), "
                        + "commit console/web/openapi/" + service
                        + ".json, and let the console's build regenerate its types");
    }
}
