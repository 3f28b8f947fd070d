package dev.customactions.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenChangedContractTest {

    /** The definitions service's sample of an auth.tokens record: a drift of the producer's schema breaks this test. */
    static final Path CONTRACT = Path.of("../definitions-service/src/test/resources/contracts/token-changed.json");

    @Test
    void registryReadsTheProducersSample() throws Exception {
        TokenChanged token =
                new ObjectMapper().findAndRegisterModules().readValue(Files.readString(CONTRACT), TokenChanged.class);
        assertEquals("3f1c2b9e-8d4a-4c1e-9a57-2f0d6b7c1e42", token.workspaceId());
        assertEquals(TokenHash.sha256("test"), token.tokenSha256());
        assertEquals(Set.of("channel_events"), token.scopes());
        assertFalse(token.revoked());
        assertEquals("3f1c2b9e-8d4a-4c1e-9a57-2f0d6b7c1e42:token:7d0f1b8e-2c4a-4f6e-9b3d-5a1c8e7f2d40", token.key());
    }

    @Test
    void adminScopeGrantsEveryRoleAndOthersOnlyThemselves() {
        assertEquals(Scopes.WORKSPACE, Scopes.roles(Set.of(Scopes.ADMIN)));
        assertEquals(Scopes.ALL, Scopes.roles(Set.of(Scopes.ADMIN, Scopes.OPERATOR)));
        assertEquals(Set.of(Scopes.OBJECTS_READ), Scopes.roles(Set.of(Scopes.OBJECTS_READ)));
    }

    @Test
    void secretsAreRandomPrefixedAndHashedOneWay() {
        String a = TokenHash.newSecret();
        String b = TokenHash.newSecret();
        assertFalse(a.equals(b));
        assertEquals(TokenHash.PREFIX, a.substring(0, TokenHash.PREFIX.length()));
        assertEquals(64, TokenHash.sha256(a).length());
        assertFalse(TokenHash.sha256(a).contains(a));
    }
}
