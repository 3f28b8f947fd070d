package dev.customactions.console.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.console.ConsoleConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code GET /api/ops} against stand-ins of the four services (no broker, no database). */
@QuarkusTest
@WithTestResource(OpsStubs.class)
class OpsResourceTest {

    private static final String RUN = "action_id=\"%s\",error_type=\"%s\",mode=\"live\",status=\"%s\",";

    /** An action of the caller's workspace (see {@link OpsStubs#WORKSPACE_ACTIONS}). */
    private static final String OWN = OpsStubs.WORKSPACE_ACTIONS.get(0);

    /** Another action of the caller's workspace, tested too. */
    private static final String OWN_TOO = OpsStubs.WORKSPACE_ACTIONS.get(1);

    /** An action of another workspace, which ran too. */
    private static final String OTHERS = "9e2d7c41-5b3a-4f68-8a1e-7c0b3d5f9a77";

    @Inject
    ConsoleConfig console;

    @Inject
    OpsScraper scraper;

    private final HttpClient http = HttpClient.newHttpClient();

    private void put(String service, String path, String body) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(console.services().get(service) + path))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(204, response.statusCode());
    }

    private static String runs(String actionId, String errorType, String status, int within01, int all) {
        String labels = RUN.formatted(actionId, errorType, status);
        return "executor_runs_seconds_bucket{" + labels + "le=\"0.1\",} " + within01 + ".0\n"
                + "executor_runs_seconds_bucket{" + labels + "le=\"+Inf\",} " + all + ".0\n"
                + "executor_runs_seconds_count{" + labels + "} " + all + ".0\n"
                + "executor_runs_seconds_sum{" + labels + "} " + (all * 0.05) + "\n";
    }

    /** {@code count} failed test runs of {@code actionId}. */
    private static String tests(String actionId, int count) {
        return runs(actionId, "http_error", "failure", 0, count).replace("mode=\"live\"", "mode=\"test\"");
    }

    @Test
    void readsTheServicesReadinessAndMetrics() throws Exception {
        put("objects", "/stub/health?status=503", """
                {"status":"DOWN","checks":[{"name":"Kafka connection health check","status":"DOWN"},
                {"name":"Database connections health check","status":"UP"}]}""");
        put("gateway", "/stub/metrics", """
                # TYPE gateway_events_accepted_total counter
                gateway_events_accepted_total{kind="notify_new_message",} 5.0
                """);
        put(
                "executor",
                "/stub/metrics",
                runs(OWN, "none", "success", 1, 1) + runs(OTHERS, "none", "success", 3, 3)
                        + runs(OWN_TOO, "none", "success", 1, 1)
                        + "customactions_consumer_lag{group=\"executor\",topic=\"channel.events\",} 4.0\n");
        put("definitions", "/stub/metrics", "customactions_dead_letters_total{topic=\"definitions.changes\",} 1.0\n");
        scraper.scrape();

        put("gateway", "/stub/metrics", """
                gateway_events_accepted_total{kind="notify_new_message",} 8.0
                gateway_events_rejected_total{code="parameter_invalid",kind="notify_new_message",status="400",} 1.0
                """);
        put(
                "executor",
                "/stub/metrics",
                runs(OWN, "none", "success", 2, 2) + runs(OWN, "timeout", "failure", 0, 1)
                        + runs(OTHERS, "none", "success", 7, 7)
                        + runs(OWN_TOO, "none", "success", 3, 3)
                        + tests(OWN_TOO, 4)
                        + "customactions_consumer_lag{group=\"executor\",topic=\"channel.events\",} 6.0\n"
                        + "executor_runs_in_flight 2.0\n");
        put("definitions", "/stub/metrics", "customactions_dead_letters_total{topic=\"definitions.changes\",} 3.0\n");
        scraper.scrape();
        assertTrue(
                scraper.state().view(Instant.now(), Duration.ofSeconds(10)).actions().stream()
                        .anyMatch(action -> action.actionId().equals(OTHERS)),
                "the other workspace's action is in the metrics");

        given().header("Authorization", "Bearer operator")
                .when()
                .get("/api/ops")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("type", is("ops"))
                .body("window_minutes", is(60))
                .body("scrape_interval_seconds", is(10))
                .body("scope", is("platform"))
                .body("services.name", contains("definitions", "executor", "gateway", "objects"))
                .body("dependencies.name", contains("Kafka", "PostgreSQL"))
                .body("dependencies[0].up", is(false))
                .body("dependencies[0].down_for", contains("objects"))
                .body("dependencies[1].up", is(true))
                .body("services.find { it.name == 'gateway' }.ready", is(true))
                .body("services.find { it.name == 'gateway' }.error", nullValue())
                .body("services.find { it.name == 'gateway' }.last_scraped_at", notNullValue())
                .body("services.find { it.name == 'objects' }.ready", is(false))
                .body("services.find { it.name == 'objects' }.down_checks", contains("Kafka connection health check"))
                .body("series.timestamps", hasSize(60))
                .body("series.events_accepted", hasSize(60))
                .body("summary.runs_last_hour", is(8))
                .body("summary.failed_runs_last_hour", is(1))
                .body("summary.test_runs_last_hour", is(4))
                .body("summary.failed_test_runs_last_hour", is(4))
                .body("summary.runs_in_flight", is(2.0f))
                .body("summary.events_refused_by_code_last_hour.parameter_invalid", is(1))
                .body("consumer_lag[0].group", is("executor"))
                .body("consumer_lag[0].topic", is("channel.events"))
                .body("consumer_lag[0].current", is(6.0f))
                .body("dead_letters[0].topic", is("definitions.changes"))
                .body("dead_letters[0].total", is(3))
                .body("dead_letters[0].last_hour", is(2))
                .body("actions.action_id", contains(OWN, OWN_TOO))
                .body("actions.action_id", not(hasItem(OTHERS)))
                .body("actions[1].runs", is(2))
                .body("actions[1].success_rate", is(1.0f))
                .body("actions[1].test_runs", is(4))
                .body("actions[1].test_failures", is(4))
                .body("actions[1].runs_by_mode.test", is(4))
                .body("actions[0].runs", is(2))
                .body("actions[0].failures", is(1))
                .body("actions[0].success_rate", is(0.5f))
                .body("actions[0].failures_by_error_type.timeout", is(1))
                .body("actions[0].p50_seconds", notNullValue())
                .body("actions[0].p95_seconds", is(0.1f));

        // A workspace admin sees its own actions' figures, not the platform's.
        given().header("Authorization", "Bearer admin")
                .when()
                .get("/api/ops")
                .then()
                .statusCode(200)
                .body("scope", is("workspace"))
                .body("services", nullValue())
                .body("dependencies", nullValue())
                .body("consumer_lag", nullValue())
                .body("dead_letters", nullValue())
                .body("series", nullValue())
                .body("summary.events_accepted_per_minute", nullValue())
                .body("summary.runs_last_hour", is(4))
                .body("summary.failed_runs_last_hour", is(1))
                .body("summary.success_rate_last_hour", is(0.75f))
                .body("summary.test_runs_last_hour", is(4))
                .body("actions.action_id", contains(OWN, OWN_TOO));
    }

    @Test
    void withoutATokenIsUnauthorized() {
        given().when()
                .get("/api/ops")
                .then()
                .statusCode(401)
                .body("type", is("error.list"))
                .body("request_id", notNullValue())
                .body("errors[0].code", is("unauthorized"));
    }

    @Test
    void anUnknownTokenIsUnauthorized() {
        given().header("Authorization", "Bearer nobody")
                .when()
                .get("/api/ops")
                .then()
                .statusCode(401)
                .body("errors[0].code", is("unauthorized"));
    }

    @Test
    void aTokenWithoutTheAdminScopeIsForbidden() {
        given().header("Authorization", "Bearer reader")
                .when()
                .get("/api/ops")
                .then()
                .statusCode(403)
                .body("type", equalTo("error.list"))
                .body("errors[0].code", is("forbidden"));
    }
}
