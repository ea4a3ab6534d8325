package io.cligs.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlugTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc", "ABC", "promo-12", "a.b-5", "x_y-9", "Launch-3", "0"})
    void customSlugsOfTheAllowedCharactersAreAccepted(String s) {
        assertEquals(s, Slug.parse(s).value());
        assertTrue(Slug.isValid(s));
    }

    @Test
    void slugsAreCaseSensitive() {
        assertNotEquals(Slug.parse("abc"), Slug.parse("ABC"));
    }

    @Test
    void sixtyFourCharactersAreTheLimit() {
        assertEquals(64, Slug.parse("a".repeat(64)).value().length());
        assertThrows(InvalidSlugException.class, () -> Slug.parse("a".repeat(65)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a b", "ünï", "a%20", "a?b", "a#b", "a\nb", "-/health"})
    void otherCharactersAreRejected(String s) {
        assertThrows(InvalidSlugException.class, () -> Slug.parse(s));
        assertFalse(Slug.isValid(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "api", ".", ".."})
    void theServicesOwnPathsAreReserved(String s) {
        InvalidSlugException e = assertThrows(InvalidSlugException.class, () -> Slug.parse(s));
        assertTrue(e.reason().contains("reserved"), e.reason());
    }

    @Test
    void nullIsRejectedWithAReason() {
        assertThrows(InvalidSlugException.class, () -> Slug.parse(null));
        assertFalse(Slug.isValid(null));
    }

    @Test
    void generatedSlugsAreBase62OfTheAskedLength() {
        SlugGenerator g = new SlugGenerator(new SplittableRandom(1), 7);
        for (int i = 0; i < 1000; i++) {
            String s = g.next().value();
            assertEquals(7, s.length());
            assertTrue(s.matches("[0-9A-Za-z]{7}"), s);
        }
    }
}
