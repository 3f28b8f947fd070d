package dev.customactions.definitions.action.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.common.error.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurlCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBrowsersCopyAsCurlBecomesMethodUrlQueryHeadersAndBody() throws Exception {
        var parsed = CurlCommand.parse("""
                curl 'https://shop.example.com/admin/api/orders.json?status=any&fields=id%2Cname' \\
                  -H 'accept: application/json' \\
                  -H 'authorization: Bearer shpat_secret' \\
                  -H 'cookie: session=abc' \\
                  --data-raw '{"order":{"note":"gift"}}' \\
                  --compressed""");
        assertEquals("post", parsed.httpMethod());
        assertEquals("https://shop.example.com/admin/api/orders.json", parsed.url());
        assertEquals(List.of(new KeyValue("status", "any"), new KeyValue("fields", "id,name")), parsed.query());
        assertEquals(List.of(new KeyValue("accept", "application/json")), parsed.headers(), "no secret, no cookie");
        assertEquals(JSON.readTree("{\"order\":{\"note\":\"gift\"}}"), parsed.body());
        assertEquals(new CurlCommand.SuggestedConnection("bearer", "Authorization"), parsed.suggestedConnection());
        assertEquals(List.of("cookies (cookie header)"), parsed.unsupported());
    }

    @Test
    void apiDocsStyleWithOptionsBeforeTheUrlUserAndJson() throws Exception {
        var parsed = CurlCommand.parse(
                "curl -X PATCH -u key:secret --json \"{\\\"status\\\": \\\"shipped\\\"}\" --url https://api.test/v1/orders/7");
        assertEquals("patch", parsed.httpMethod());
        assertEquals("https://api.test/v1/orders/7", parsed.url());
        assertEquals(new CurlCommand.SuggestedConnection("basic", "Authorization"), parsed.suggestedConnection());
        assertEquals(JSON.readTree("{\"status\": \"shipped\"}"), parsed.body());
        assertEquals(List.of(new KeyValue("Content-Type", "application/json")), parsed.headers());
        assertEquals(List.of(), parsed.unsupported());
    }

    @Test
    void whatAnActionCantCarryIsNamedNotDropped() {
        var parsed = CurlCommand.parse("curl https://api.test/upload -F file=@a.png -b 'a=1' -d 'a=1&b=2' --retry 3");
        assertEquals("post", parsed.httpMethod());
        assertNull(parsed.body());
        assertEquals(
                List.of(
                        "multipart form fields (-F)",
                        "cookies (-b)",
                        "option --retry",
                        "a second URL: 3",
                        "a body that isn't JSON: a=1&b=2"),
                parsed.unsupported());
    }

    @Test
    void aCommandThatCantBeReadIsRefusedNamingIt() {
        for (String command : List.of("wget https://x.test", "curl -H 'a: b'", "curl 'https://x.test", "curl -X")) {
            var refused = assertThrows(ApiException.class, () -> CurlCommand.parse(command), command);
            assertEquals("command", refused.errors().get(0).field(), command);
        }
    }
}
