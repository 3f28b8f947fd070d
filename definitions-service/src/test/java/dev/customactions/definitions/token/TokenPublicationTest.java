package dev.customactions.definitions.token;

import static dev.customactions.definitions.token.TokenApiTest.awaitAccepted;
import static dev.customactions.definitions.token.TokenApiTest.createToken;
import static dev.customactions.definitions.token.TokenApiTest.newWorkspaceAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.auth.TokenChanged;
import dev.customactions.common.auth.TokenHash;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.definitions.outbox.OutboxMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenPublicationTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void producerSerializesTheTokenChangedContractSample() throws Exception {
        JsonNode sample = mapper.readTree(Files.readString(Path.of("src/test/resources/contracts/token-changed.json")));
        var event = new TokenChanged(
                "7d0f1b8e-2c4a-4f6e-9b3d-5a1c8e7f2d40",
                "3f1c2b9e-8d4a-4c1e-9a57-2f0d6b7c1e42",
                TokenHash.sha256("test"),
                Set.of("channel_events"),
                Instant.parse("2026-11-21T10:15:30.123Z"),
                null);
        assertEquals(sample, mapper.readTree(mapper.writeValueAsString(event)));
    }

    @Test
    void grantAndRevocationArePublishedOnAuthTokensWithTheHashOnly() throws Exception {
        String admin = newWorkspaceAdmin("Publication");
        awaitAccepted(admin);
        var created =
                createToken(admin, "published", "objects_write").statusCode(201).extract();
        String secret = created.path("token");
        String id = created.path("id");
        given().auth().oauth2(admin).delete("/tokens/" + id).then().statusCode(200);

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (var tail = TopicTail.of(bootstrap, Topics.AUTH_TOKENS)) {
            var records = tail
                    .awaitUntil(
                            Duration.ofSeconds(20),
                            all -> all.stream()
                                            .filter(r -> r.key().endsWith(":token:" + id))
                                            .count()
                                    == 2)
                    .stream()
                    .filter(r -> r.key().endsWith(":token:" + id))
                    .toList();
            assertEquals(TokenChanged.TYPE_GRANTED, TopicTail.header(records.get(0), "ce_type"));
            assertEquals(TokenChanged.TYPE_REVOKED, TopicTail.header(records.get(1), "ce_type"));
            TokenChanged granted = mapper.readValue(records.get(0).value(), TokenChanged.class);
            TokenChanged revoked = mapper.readValue(records.get(1).value(), TokenChanged.class);
            assertEquals(TokenHash.sha256(secret), granted.tokenSha256());
            assertEquals(Set.of("objects_write"), granted.scopes());
            assertFalse(granted.revoked());
            assertTrue(revoked.revoked());
            assertEquals(granted.key(), records.get(0).key());
            records.forEach(record -> assertFalse(record.value().contains(secret), "the secret travelled on Kafka"));
        }
        assertEquals(0L, (long) QuarkusTransaction.requiringNew()
                .call(() -> OutboxMessage.count("messageKey like ?1", "%:token:" + id)));
    }
}
