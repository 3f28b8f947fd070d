package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.DEFINITIONS;
import static dev.customactions.systemtests.Platform.EXECUTOR;
import static dev.customactions.systemtests.Story.check;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.localstack.Launcher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An upgrade loses nothing: the previous release (built from its tag) runs the story, and takes more events
 * while its executor is down; it is stopped, and the current build starts on the same data (its migrations
 * applied at start). Every record and run is still there, and the events left in flight are run once each.
 * Runs in a JVM of its own, before or after the others (tag {@code upgrade}): it starts its own platforms on the
 * ports the shared one uses.
 */
@Tag("upgrade")
class UpgradeTest {

    /** The release upgraded from. */
    static final String PREVIOUS = "v0.1.0";

    @Test
    void theCurrentBuildTakesOverThePreviousReleasesDataAndRunsItsEventsInFlightOnce() throws Exception {
        Path previous = Release.build(PREVIOUS);
        Path data = Path.of("target/upgrade-data").toAbsolutePath();
        try (var shop = StandIn.start().otherwise(StandIn.echoOrder())) {
            Story story;
            List<Story.Sent> done;
            List<Story.Sent> inFlight;
            try (var release =
                    Launcher.start(previous, data, true, Launcher.PLATFORM_SERVICES, Platform.environment())) {
                Platform.adopt(release);
                story = Story.create("Upgrade", shop.url("127.0.0.1", ""), 5000);
                try (var results = TopicTail.of(release.kafkaBootstrapServers(), "action.results")) {
                    done = story.send(10, 3, 8);
                    expectEveryEventRunOnce("before the upgrade", story, done, results);
                }
                // In flight: the executor is down, the gateway still takes events; they wait on channel.events.
                release.kill("executor-service");
                inFlight = story.send(10, 3, 8);
                assertEquals(
                        30, inFlight.stream().filter(s -> s.status() == 200).count(), "acknowledged");
            }

            try (var current =
                    Launcher.start(Platform.home(), data, false, Launcher.PLATFORM_SERVICES, Platform.environment())) {
                Platform.adopt(current);
                // The records: the token, the live action and its trigger still work; the new tables are there.
                check(Http.get(DEFINITIONS + "/workspaces/current", story.admin), 200);
                Http.Answer action = check(Http.get(DEFINITIONS + "/actions/" + story.actionId, story.admin), 200);
                assertEquals("live", action.at("/state").asText(), action.toString());
                check(Http.get(DEFINITIONS + "/quotas/" + story.workspaceId, story.admin), 200);
                check(Http.get(DEFINITIONS + "/dead_letters", story.admin), 200);
                try (var results = TopicTail.of(current.kafkaBootstrapServers(), "action.results")) {
                    // The events left in flight run once each, and the third party is called once for each.
                    expectEveryEventRunOnce("after the upgrade", story, inFlight, results);
                    for (Story.Sent sent : inFlight) {
                        assertEquals(
                                1,
                                shop.calls("/orders/" + sent.body() + ".json").size(),
                                sent.body());
                    }
                    // The runs before it are in the run log, and none ran again (the third party called once each).
                    Map<String, List<JsonNode>> byEvent = story.results(results);
                    for (Story.Sent sent : done) {
                        String runId =
                                byEvent.get(sent.eventId()).get(0).at("/run_id").asText();
                        check(Http.get(EXECUTOR + "/runs/" + runId, story.admin), 200);
                        assertEquals(
                                1,
                                shop.calls("/orders/" + sent.body() + ".json").size(),
                                sent.body());
                    }
                }
            }
        }
    }

    /** Waits until every acknowledged message of {@code sent} has its result; none lost, none run twice. */
    private static void expectEveryEventRunOnce(String when, Story story, List<Story.Sent> sent, TopicTail results) {
        FaultTest.Figures figures = FaultTest.settle("upgrade, " + when, story, sent, results);
        assertEquals(0, figures.lost(), when + ": lost");
        assertEquals(0, figures.duplicateRuns(), when + ": run twice");
        assertEquals(figures.acknowledged(), figures.results(), when + ": results");
        assertEquals(0, figures.wrongStored(), when + ": stored wrong");
    }
}
