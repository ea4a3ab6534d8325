package io.cligs.edge.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.net.Cidr;
import io.cligs.core.net.IpAddress;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress addresses = new ClientAddress(Cidr.parseList("127.0.0.1/32,::1/128,10.0.0.0/8"));

    private String resolve(String peer, String... xff) {
        byte[] a = addresses.resolve(peer, List.of(xff));
        return a == null ? null : IpAddress.format(a);
    }

    @Test
    void untrustedPeerIsTheVisitorWhateverItsHeaderSays() {
        assertEquals("203.0.113.9", resolve("203.0.113.9", "2.125.160.217"));
    }

    @Test
    void trustedPeerWithoutHeaderIsTheVisitor() {
        assertEquals("127.0.0.1", resolve("127.0.0.1"));
    }

    @Test
    void trustedPeerLendsItsHeaderTheRightMostEntry() {
        assertEquals("2.125.160.217", resolve("127.0.0.1", "2.125.160.217"));
        assertEquals("89.160.20.113", resolve("127.0.0.1", "1.1.1.1, 89.160.20.113"));
    }

    @Test
    void trustedProxiesInTheChainAreSkippedButNothingLeftOfTheFirstUntrustedHop() {
        assertEquals("89.160.20.113", resolve("127.0.0.1", "6.6.6.6, 89.160.20.113, 10.1.2.3, 10.0.0.1"));
    }

    @Test
    void spoofedEntriesLeftOfTheRealClientAreIgnored() {
        // the visitor wrote "2.125.160.217" itself; the proxy appended the address it saw
        assertEquals("192.0.2.1", resolve("10.0.0.7", "2.125.160.217, 192.0.2.1"));
    }

    @Test
    void severalHeaderLinesAreOneListInOrder() {
        assertEquals("89.160.20.113", resolve("127.0.0.1", "2.125.160.217", "89.160.20.113"));
    }

    @Test
    void allTrustedMeansTheLeftMostHop() {
        assertEquals("10.0.0.5", resolve("127.0.0.1", "10.0.0.5, 10.0.0.6"));
    }

    @Test
    void aGarbageEntryStopsTheWalkAtTheProxyThatReportedIt() {
        assertEquals("10.0.0.6", resolve("127.0.0.1", "2.125.160.217, unknown, 10.0.0.6"));
        assertEquals("127.0.0.1", resolve("127.0.0.1", "<script>"));
    }

    @Test
    void portsAndBracketsAreUnderstood() {
        assertEquals("2.125.160.217", resolve("127.0.0.1", "2.125.160.217:5555"));
        assertEquals("2a02:d180:0:0:0:0:0:1", resolve("127.0.0.1", "[2a02:d180::1]:443"));
        assertEquals("2a02:d180:0:0:0:0:0:1", resolve("::1", "2a02:d180::1"));
    }

    @Test
    void ipv6LoopbackPeerIsTrustedAsConfigured() {
        assertEquals("89.160.20.113", resolve("0:0:0:0:0:0:0:1", "89.160.20.113"));
    }

    @Test
    void aPeerThatIsNoAddressGivesNoAddress() {
        assertNull(addresses.resolve("not-an-ip", List.of("1.2.3.4")));
    }

    @Test
    void countriesOfTheGeoIpTestDatabase() throws IOException {
        VisitorCountry countries = new VisitorCountry(CountryTable.bundledTestDatabase(), addresses);
        assertEquals("GB", countries.of("127.0.0.1", List.of("2.125.160.217")).value());
        assertEquals("SE", countries.of("127.0.0.1", List.of("89.160.20.113")).value());
        assertEquals("DE", countries.of("127.0.0.1", List.of("2a02:d180::1")).value());
        assertNull(countries.of("127.0.0.1", List.of("192.0.2.1")));
        assertEquals("GB", countries.of("2.125.160.217", null).value());
        assertNull(countries.of("198.51.100.1", List.of("2.125.160.217")), "an untrusted peer's header is ignored");
    }
}
