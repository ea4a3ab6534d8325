package io.cligs.core.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against MaxMind's own test database (networks listed in its source-data JSON). */
class CountryTableTest {

    private static CountryTable table;

    @BeforeAll
    static void open() throws IOException {
        table = CountryTable.bundledTestDatabase();
    }

    @Test
    void knownTestAddressesResolveToTheirCountries() {
        assertEquals("GB", table.lookup("2.125.160.217").value());
        assertEquals("US", table.lookup("50.114.0.1").value());
        assertEquals("SE", table.lookup("89.160.20.113").value());
        assertEquals("DE", table.lookup("2a02:d180::1").value());
    }

    @Test
    void addressesOutsideTheDatabaseHaveNoCountry() {
        assertNull(table.lookup("192.0.2.1"));
        assertNull(table.lookup("127.0.0.1"));
        assertNull(table.lookup("::1"));
    }

    @Test
    void nonAddressesHaveNoCountryAndNeverResolveNames() {
        assertNull(table.lookup("localhost"));
        assertNull(table.lookup("evil.example"));
        assertNull(table.lookup(""));
        assertNull(table.lookup((String) null));
    }

    @Test
    void sampleAddressesMapBackToTheirCountry() {
        for (String cc : new String[] {"GB", "US", "DE", "FR", "JP", "SE", "CN", "NL", "PL", "IT", "RU", "KR"}) {
            CountryCode c = CountryCode.parse(cc);
            String ip = table.sampleAddress(c).orElseThrow(() -> new AssertionError("no address for " + cc));
            assertEquals(c, table.lookup(ip), cc + " via " + ip);
        }
    }

    @Test
    void aMissingFileIsAClearError() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> CountryTable.open(Path.of("/nonexistent/db.mmdb")));
        assertTrue(e.getMessage().contains("/nonexistent/db.mmdb"));
    }
}
