package dev.customactions.objects;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.localstack.LocalStack;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** PostgreSQL stops while a channel event arrives: the consumer waits and retries, nothing goes to the DLQ. */
@QuarkusTest
class DatabaseOutageTest {

    @Inject
    ObjectMapper mapper;

    static double retries() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("ft_retry_retries_total") && line.contains("ConversationActivity"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** This service's consumer lag on {@code topic}, as its metric reports it. */
    static double lag(String topic) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("customactions_consumer_lag{")
                        && line.contains("topic=\"" + topic + "\"")
                        && line.contains("group=\"objects-service\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .filter(value -> !Double.isNaN(value))
                .sum();
    }

    /**
     * A batch waits on the database for as long as it is down, but SmallRye's throttled commit closes a consumer
     * for good once a record has waited longer than its age limit (60 s unless set): the limit is off on both
     * consumers. (An outage of over a minute would show it too, at a minute of every build.)
     */
    @Test
    void noRecordAgeLimitClosesAConsumerWaitingOnTheDatabase() {
        var config = ConfigProvider.getConfig();
        for (String channel : List.of("channel-events", "action-results")) {
            String limit = "mp.messaging.incoming." + channel + ".throttled.unprocessed-record-max-age.ms";
            assertEquals(0, config.getValue(limit, Integer.class), limit);
        }
    }

    @Test
    void eventArrivingWhileTheDatabaseIsDownIsAppliedOnceItIsBack() throws Exception {
        String workspace = UUID.randomUUID().toString();
        var token = ChannelEvents.reader(workspace);
        ObjectNode event = ChannelEvents.sample(mapper, workspace);
        String cloudEventId = UUID.randomUUID().toString();
        String contactPath = "/contacts/" + event.at("/contact/contact_id").asText();
        double before = retries();

        var postgres = LocalStack.shared().postgres();
        postgres.stop();
        try {
            ChannelEvents.publish(event, cloudEventId);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> retries() >= before + 2);
            // Waiting, the event is not committed: it shows as lag, read from the broker.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lag("channel.events") >= 1);
        } finally {
            postgres.restart();
        }

        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() ->
                        given().auth().oauth2(token.secret()).get(contactPath).statusCode() == 200);
        // Applied after the outage: it was neither skipped nor dead-lettered.
        given().auth().oauth2(token.secret()).get(contactPath).then().body("name", equalTo("John Smith"));
    }
}
