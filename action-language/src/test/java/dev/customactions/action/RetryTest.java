package dev.customactions.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryTest {

    @Test
    void thePolicysBoundsAreCheckedByField() {
        assertEquals(Map.of(), new ActionDefinition.Retry(3, 20_000).problems());
        assertEquals(Map.of(), new ActionDefinition.Retry(2, null).problems(), "the budget is optional");
        assertEquals(
                List.of("retry.max_attempts"),
                List.copyOf(new ActionDefinition.Retry(6, null).problems().keySet()));
        assertEquals(
                "retry.max_attempts must be between 2 and 5",
                new ActionDefinition.Retry(null, null).problems().get("retry.max_attempts"));
        assertEquals(
                "retry.max_total_ms must be between 1 and 120000",
                new ActionDefinition.Retry(2, 120_001).problems().get("retry.max_total_ms"));
    }

    @Test
    void theBackoffDoublesFrom200MsUpTo10Seconds() {
        assertEquals(200, ActionDefinition.Retry.backoffMs(1));
        assertEquals(400, ActionDefinition.Retry.backoffMs(2));
        assertEquals(6_400, ActionDefinition.Retry.backoffMs(6));
        assertEquals(10_000, ActionDefinition.Retry.backoffMs(7));
        assertEquals(10_000, ActionDefinition.Retry.backoffMs(1_000), "no overflow however many attempts");
    }

    @Test
    void aRunLastsAtMostItsTimeoutAndItsRetriesBudget() {
        var plain = definition(null, null);
        assertEquals(ActionDefinition.DEFAULT_TIMEOUT_MS, plain.longestRunMs(ActionDefinition.DEFAULT_TIMEOUT_MS));
        assertEquals(
                5_000 + 60_000,
                definition(5_000, new ActionDefinition.Retry(3, null)).longestRunMs(1));
        assertEquals(
                5_000 + 7_000,
                definition(5_000, new ActionDefinition.Retry(3, 7_000)).longestRunMs(1));
    }

    @Test
    void theDerivedFiguresAreNotPartOfTheWireShape() throws Exception {
        String json = new ObjectMapper().writeValueAsString(new ActionDefinition.Retry(3, 7_000));
        assertEquals("{\"max_attempts\":3,\"max_total_ms\":7000}", json);
    }

    @Test
    void aMappingWritesOnAContactOrAConversation() {
        assertTrue(ActionDefinition.ObjectMapping.isModel("contact"));
        assertTrue(ActionDefinition.ObjectMapping.isModel("conversation"));
        assertFalse(ActionDefinition.ObjectMapping.isModel("custom_object"));
        assertFalse(ActionDefinition.ObjectMapping.isModel(null));
    }

    private static ActionDefinition definition(Integer timeoutMs, ActionDefinition.Retry retry) {
        return new ActionDefinition(
                null, "get", "https://example.com", null, null, null, null, null, null, null, timeoutMs, retry, null);
    }
}
