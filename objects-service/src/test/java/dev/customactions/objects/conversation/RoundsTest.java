package dev.customactions.objects.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void distinctIdsGoInOneRoundInTheOrderOfTheirIds() {
        assertEquals(
                List.of(List.of("a1", "b1", "c1")),
                ConversationActivity.rounds(List.of("c1", "a1", "b1"), RoundsTest::id));
    }

    @Test
    void anIdMetAgainGoesInTheNextRoundSoThatEachIdsEventsKeepTheirOrder() {
        assertEquals(
                List.of(List.of("a1", "b1", "c1"), List.of("a2", "b2"), List.of("a3")),
                ConversationActivity.rounds(List.of("b1", "a1", "a2", "c1", "b2", "a3"), RoundsTest::id));
    }

    @Test
    void anEmptyBatchHasNoRound() {
        assertEquals(List.of(), ConversationActivity.rounds(List.<String>of(), RoundsTest::id));
    }

    /** The id of "a2" is "a". */
    private static String id(String event) {
        return event.substring(0, 1);
    }
}
