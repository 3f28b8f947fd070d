package dev.customactions.executor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.LanguageCases;
import dev.customactions.action.Placeholders;
import dev.customactions.executor.event.ChannelEventReceived;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The action language's table of cases through the executor: what the definitions service accepts
 * when an action is saved ({@code ActionLanguageCasesTest} there) is what a run takes and renders.
 */
class ActionLanguageCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aGivenValueRunsExactlyWhenItsTypeAcceptsIt() throws Exception {
        for (var testCase : LanguageCases.TYPED_VALUES) {
            List<DataInput> inputs = List.of(new DataInput("value", testCase.type(), true, null, null));
            Map<String, JsonNode> given = Map.of("value", JSON.readTree(testCase.json()));
            if (testCase.accepted()) {
                assertEquals(given.get("value"), InputTypes.typed(inputs, given).get("value"), testCase.toString());
            } else {
                RunFailure refused =
                        assertThrows(RunFailure.class, () -> InputTypes.typed(inputs, given), testCase.toString());
                assertEquals(RunFailure.INPUT_INVALID, refused.type(), testCase.toString());
            }
        }
    }

    @Test
    void everyAcceptedUrlTemplateRendersWholly() {
        var event = new ChannelEventReceived(
                "ws_1",
                "evt_1",
                "new_message",
                "conv_1",
                "conv_ext_1",
                new ChannelEventReceived.Contact("contact_1", "user", "user_1", "Jane", "jane@example.com"),
                "hi",
                null,
                null,
                null);
        Map<String, JsonNode> values = new HashMap<>(Bindings.context(event));
        values.put("order_id", TextNode.valueOf("1001"));
        for (var testCase : LanguageCases.URL_TEMPLATES) {
            if (!testCase.accepted()) {
                continue;
            }
            String url = Templates.url(testCase.url(), List.of(), values::get).toString();
            assertFalse(url.contains("{{") || url.contains("}}"), testCase + " rendered as " + url);
            for (String name : Placeholders.names(testCase.url())) {
                assertTrue(url.contains(Placeholders.text(values.get(name))), testCase + ": " + name + " in " + url);
            }
        }
    }

    @Test
    void aRunHasEveryContextAndEventValueTheDefinitionsAccept() {
        var event = new ChannelEventReceived(
                "ws_1",
                "evt_1",
                "attribute_collected",
                "conv_1",
                "conv_ext_1",
                new ChannelEventReceived.Contact("contact_1", "user", "user_1", "Jane", "jane@example.com"),
                "hi",
                "reply_1",
                new ChannelEventReceived.Attribute("order_number", TextNode.valueOf("1001")),
                null);
        var expected = new HashSet<>(Placeholders.CONTEXT_VALUES);
        expected.addAll(Placeholders.EVENT_VALUES);
        assertEquals(expected, Bindings.context(event).keySet());
    }
}
