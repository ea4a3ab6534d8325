package io.cligs.core.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CountryCodeTest {

    @Test
    void upperCaseIsoCodesAreAccepted() {
        assertEquals("DE", CountryCode.parse("DE").value());
    }

    @Test
    void lowerCaseAndSpacesAreAccepted() {
        assertSame(CountryCode.parse("SE"), CountryCode.parse(" se "));
    }

    @Test
    void ukMeansGb() {
        assertEquals("GB", CountryCode.parse("UK").value());
        assertEquals("GB", CountryCode.parse("uk").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU", "A1", "A2", "--", "XX", "", "  ", "ZZ", "USA", "1", "G"})
    void pseudoAndUnassignedCodesAreRejectedWithAReason(String raw) {
        InvalidCountryException e = assertThrows(InvalidCountryException.class, () -> CountryCode.parse(raw));
        assertEquals(true, e.getMessage().startsWith("invalid country"));
    }

    @Test
    void ofIsoOrNullIsNullForNonCodes() {
        assertNull(CountryCode.ofIsoOrNull("eu"));
        assertNull(CountryCode.ofIsoOrNull("XX"));
        assertSame(CountryCode.parse("JP"), CountryCode.ofIsoOrNull("JP"));
    }
}
