package dev.customactions.console.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

// The services' stand-ins are lambdas in fields: each test sets what they answer before calling.
@SuppressWarnings("UnnecessaryLambda")
class AdminCheckTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final List<String> asked = new ArrayList<>();
    private int answer = 200;
    private String body = list("a-1", "a-2");
    private final Function<String, CompletionStage<AdminCheck.Answer>> definitions = authorization -> {
        asked.add(authorization);
        return CompletableFuture.completedFuture(new AdminCheck.Answer(answer, answer == 200 ? body : ERRORS));
    };

    private static final String ERRORS = "{\"type\":\"error.list\",\"errors\":[]}";

    /** What {@code GET /actions} answers for a workspace with these action ids. */
    private static String list(String... ids) {
        StringBuilder json = new StringBuilder("{\"type\":\"list\",\"data\":[");
        for (int i = 0; i < ids.length; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"action\",\"id\":\"")
                    .append(ids[i])
                    .append("\",\"name\":\"Action ")
                    .append(i)
                    .append("\",\"state\":\"draft\",\"live_version\":null}");
        }
        return json.append("]}").toString();
    }

    private String scopes = "{\"type\":\"token_scopes\",\"scopes\":[\"admin\"]}";
    private final Function<String, CompletionStage<AdminCheck.Answer>> tokenScopes =
            authorization -> CompletableFuture.completedFuture(new AdminCheck.Answer(200, scopes));

    private final AdminCheck check = new AdminCheck(definitions, tokenScopes, clock, Duration.ofSeconds(10));

    private AdminCheck.Decision decide(String authorization) {
        return check.check(authorization).toCompletableFuture().join();
    }

    @Test
    void anAdminTokenIsAllowedWithItsWorkspacesActionsAndRememberedForTenSeconds() {
        AdminCheck.Decision first = decide("Bearer admin-secret");
        assertTrue(first.allowed());
        assertEquals(200, first.status());
        assertEquals(Set.of("a-1", "a-2"), first.actionIds());
        assertEquals(List.of("Bearer admin-secret"), asked);
        clock.now = clock.now.plusSeconds(9);
        body = list("a-3");
        AdminCheck.Decision cached = decide("Bearer admin-secret");
        assertTrue(cached.allowed());
        assertEquals(Set.of("a-1", "a-2"), cached.actionIds(), "the cached decision carries the action ids");
        assertEquals(1, asked.size(), "answered from the cache");
        clock.now = clock.now.plusSeconds(1);
        answer = 401;
        AdminCheck.Decision revoked = decide("Bearer admin-secret");
        assertEquals(2, asked.size(), "asked again once the 10 s passed");
        assertFalse(revoked.allowed());
        assertEquals(401, revoked.status());
        assertEquals(Set.of(), revoked.actionIds());
    }

    @Test
    void anOperatorsTokenIsToldFromAWorkspaceAdminsAndAFailedScopeReadIsNoOperator() {
        assertFalse(decide("Bearer admin").operator());
        scopes = "{\"type\":\"token_scopes\",\"scopes\":[\"admin\",\"operator\"]}";
        assertTrue(decide("Bearer operator").operator());
        AdminCheck failing = new AdminCheck(
                definitions,
                authorization -> CompletableFuture.failedFuture(new ConnectException("refused")),
                clock,
                Duration.ofSeconds(10));
        AdminCheck.Decision decision =
                failing.check("Bearer other").toCompletableFuture().join();
        assertTrue(decision.allowed());
        assertFalse(decision.operator());
    }

    @Test
    void theActionIdsAreAskedAgainOnceTheCacheExpired() {
        assertEquals(Set.of("a-1", "a-2"), decide("Bearer admin").actionIds());
        body = list("a-3");
        clock.now = clock.now.plusSeconds(10);
        assertEquals(Set.of("a-3"), decide("Bearer admin").actionIds());
        assertEquals(2, asked.size());
    }

    @Test
    void aWorkspaceWithoutActionsIsAllowedWithNone() {
        body = list();
        AdminCheck.Decision decision = decide("Bearer admin");
        assertTrue(decision.allowed());
        assertEquals(Set.of(), decision.actionIds());
    }

    @Test
    void aBodyThatIsNotAListOfActionsIsABadGatewayAndNotRemembered() {
        for (String unexpected : new String[] {
            "",
            "not json",
            "{\"type\":\"workspace\",\"id\":\"w1\"}",
            "{\"type\":\"list\",\"data\":[{\"name\":\"no id\"}]}"
        }) {
            body = unexpected;
            AdminCheck.Decision decision = decide("Bearer admin");
            assertFalse(decision.allowed(), unexpected);
            assertEquals(502, decision.status(), unexpected);
            assertEquals("server_error", decision.errors().errors().get(0).code());
        }
        body = list("a-1");
        assertEquals(Set.of("a-1"), decide("Bearer admin").actionIds());
        assertEquals(5, asked.size(), "no refusal was remembered");
    }

    @Test
    void refusalsAreNotRemembered() {
        answer = 403;
        AdminCheck.Decision forbidden = decide("Bearer reader");
        assertEquals(403, forbidden.status());
        assertEquals("error.list", forbidden.errors().type());
        assertEquals("forbidden", forbidden.errors().errors().get(0).code());
        answer = 200;
        assertTrue(decide("Bearer reader").allowed());
        assertEquals(2, asked.size());
    }

    @Test
    void theCacheIsPerToken() {
        assertTrue(decide("Bearer one").allowed());
        answer = 401;
        AdminCheck.Decision other = decide("Bearer two");
        assertEquals(401, other.status());
        assertEquals("unauthorized", other.errors().errors().get(0).code());
        assertEquals(List.of("Bearer one", "Bearer two"), asked);
    }

    @Test
    void noBearerTokenIsUnauthorizedWithoutAsking() {
        for (String header : new String[] {null, "", "Basic abc", "Bearer ", "Bearer   "}) {
            AdminCheck.Decision decision = decide(header);
            assertEquals(401, decision.status(), String.valueOf(header));
            assertEquals("unauthorized", decision.errors().errors().get(0).code());
        }
        assertEquals(List.of(), asked);
    }

    @Test
    void anUnreachableDefinitionsServiceIsUnavailable() {
        AdminCheck down = new AdminCheck(
                authorization -> CompletableFuture.failedFuture(new ConnectException("refused")),
                tokenScopes,
                clock,
                Duration.ofSeconds(10));
        AdminCheck.Decision decision =
                down.check("Bearer admin").toCompletableFuture().join();
        assertEquals(503, decision.status());
        assertEquals("service_unavailable", decision.errors().errors().get(0).code());
    }

    @Test
    void anUnexpectedAnswerIsABadGateway() {
        answer = 500;
        assertEquals(502, decide("Bearer admin").status());
    }

    @Test
    void theKeyIsTheTokensSha256() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", AdminCheck.sha256("hello"));
    }
}
