package dev.customactions.objects;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.localstack.LocalStack;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** PostgreSQL stops while an action result arrives: the batch waits and is retried, nothing goes to the DLQ. */
@QuarkusTest
class ActionResultsDatabaseOutageTest {

    @Inject
    ObjectMapper mapper;

    static double retries() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("ft_retry_retries_total") && line.contains("ActionResultApplier"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void resultArrivingWhileTheDatabaseIsDownIsAppliedOnceItIsBack() throws Exception {
        var workspace = Workspaces.create();
        workspace.attribute("conversation", "ccda_shopify_order_fulfillment_status", "string", true);
        workspace.orderType();
        ObjectNode result = ActionResults.sample(mapper, workspace.id());
        double before = retries();

        var postgres = LocalStack.shared().postgres();
        postgres.stop();
        try {
            ActionResults.publish(result);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> retries() >= before + 2);
        } finally {
            postgres.restart();
        }

        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> workspace
                                .asAdmin()
                                .queryParam("external_id", "1001")
                                .get("/custom_object_instances/Order")
                                .statusCode()
                        == 200);
        workspace
                .asAdmin()
                .get("/conversations/" + result.get("conversation_id").asText())
                .then()
                .body("custom_attributes.ccda_shopify_order_fulfillment_status", equalTo("shipped"));
    }
}
