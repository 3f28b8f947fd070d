package dev.customactions.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void findsNamesAndStrayBraces() {
        assertEquals(List.of("order_id", "contact.email"), Placeholders.names("/o/{{order_id}}?e={{ contact.email }}"));
        assertTrue(Placeholders.hasStrayBraces("/o/{{order_id}"));
        assertTrue(Placeholders.hasStrayBraces("/o/order_id}}"));
        assertFalse(Placeholders.hasStrayBraces("/o/{{order_id}}"));
    }

    @Test
    void readsABarePlaceholderAndReplaces() {
        assertEquals("event.attribute.value", Placeholders.bareName(" {{event.attribute.value}} "));
        assertNull(Placeholders.bareName("#{{event.body}}"));
        assertEquals("/o/1001.json", Placeholders.replace("/o/{{ order_id }}.json", name -> "1001"));
    }
}
