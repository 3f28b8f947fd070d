package dev.customactions.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterCheckTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"abc|abc", "a%20b|a b", "a+b|a b", "%C3%A9|é", "%F0%9F%98%80|😀", "100%25|100%"})
    void validEscapesDecode(String raw, String decoded) {
        assertEquals(decoded, ParameterCheck.decode(raw, true));
    }

    @Test
    void anEscapedNulDecodesForTheCheckToFindIt() {
        assertEquals("a\u0000", ParameterCheck.decode("a%00", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%2", "%zz", "a%g0", "%C3", "%ED%A0%80", "%FF", "%C0%AF", "x%E2%82"})
    void badEscapesOrBadUtf8AreRefused(String raw) {
        assertNull(ParameterCheck.decode(raw, true));
    }
}
