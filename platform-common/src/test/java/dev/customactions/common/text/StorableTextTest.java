package dev.customactions.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What PostgreSQL can store: everything but NUL and unpaired surrogates. */
class StorableTextTest {

    @Test
    void ordinaryTextEmojiAndControlCharactersOtherThanNulAreStorable() {
        assertTrue(StorableText.isStorable(""));
        assertTrue(StorableText.isStorable("Jane Doe"));
        assertTrue(StorableText.isStorable("Zoë 🚀 漢字 \t\n\u0001\u007f\uFFFD"));
    }

    @Test
    void nulAndUnpairedSurrogatesAreNot() {
        assertEquals("holds a NUL character (U+0000)", StorableText.problem("Ja\u0000ne"));
        assertEquals("holds an unpaired surrogate (U+D83D)", StorableText.problem("a\uD83D"));
        assertEquals("holds an unpaired surrogate (U+DE80)", StorableText.problem("\uDE80b"));
        assertFalse(StorableText.isStorable("\uD83D\uD83D\uDE80"), "a high surrogate followed by a pair");
        assertFalse(StorableText.isStorable("\uDE80\uD83D"), "a pair in the wrong order");
    }

    @Test
    void randomTextIsStorableExactlyWhenItsUtf8RoundTrips() {
        var random = new Random(16);
        for (int i = 0; i < 5_000; i++) {
            var text = new StringBuilder();
            for (int j = random.nextInt(6); j > 0; j--) {
                text.append(
                        random.nextInt(4) == 0 ? (char) (0xD800 + random.nextInt(0x800)) : (char) random.nextInt(0x80));
            }
            String s = text.toString();
            boolean roundTrips = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
            assertEquals(roundTrips && s.indexOf('\u0000') < 0, StorableText.isStorable(s), s);
            assertTrue(StorableText.isStorable(StorableText.replaced(s)), s);
            assertEquals(s.length(), StorableText.replaced(s).length(), "one replacement per bad char");
        }
        assertNull(StorableText.problem("ok"));
    }

    @Test
    void shownTextKeepsPairsAndReplacesTheRest() {
        assertEquals("Ja\uFFFDne 🚀 \uFFFD", StorableText.replaced("Ja\u0000ne 🚀 \uD83D"));
        String plain = "plain";
        assertSame(plain, StorableText.replaced(plain), "storable text is not copied");
    }
}
