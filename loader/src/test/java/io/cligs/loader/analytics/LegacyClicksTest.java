package io.cligs.loader.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.VisitorHash;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.net.IpAddress;
import io.cligs.loader.dump.BadRowException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One legacy click row → the event the edge would have sent, or a reject with its reason. */
class LegacyClicksTest {

    private static final String SECRET = "a legacy test secret, 16+ bytes";
    private static CountryTable countries;
    private LegacyClicks clicks = new LegacyClicks(ZoneId.of("Europe/London"), countries, SECRET,
            LinkIds.of(7, 4_294_967_295L));

    @BeforeAll
    static void geoip() throws IOException {
        countries = CountryTable.bundledTestDatabase();
    }

    private ClickRecord convert(String... f) throws BadRowException {
        clicks = new LegacyClicks(ZoneId.of("Europe/London"), countries, SECRET, LinkIds.of(7, 4_294_967_295L));
        return clicks.convert(f);
    }

    private String reason(String... f) {
        return assertThrows(BadRowException.class, () -> convert(f)).reason();
    }

    @Test
    void theFirstPublicAddressOfAProxyListIsTheVisitorAndGivesTheCountryWhenTheOldOneIsMissing() throws Exception {
        ClickRecord c = convert("35", "7", "2009-07-01 13:00:00", "10.0.0.1, 2.125.160.217", null, "Agent/1", "--");
        assertEquals(new CountryCode("GB"), c.country());
        assertEquals(VisitorHash.of(SECRET).hash(IpAddress.parse("2.125.160.217"), "Agent/1", c.epochMillis()), c.visitorHash());
        assertEquals(LegacyClicks.CountrySource.GEOIP, clicks.lastSource());
        assertEquals("legacy-0-z", c.eventId());
        assertEquals("legacy", c.edgeId());
        assertEquals(7, c.linkId());
        // London summer time: UTC is an hour earlier
        assertEquals(Instant.parse("2009-07-01T12:00:00Z").toEpochMilli(), c.epochMillis());
        assertEquals(new CountryCode("GB"), convert("1", "7", "2009-07-01 13:00:00", "10.0.0.1, 2.125.160.217", null, null,
                null).country(), "NULL like --");
    }

    @Test
    void theOldCountryIsKeptWhenItIsACountryAndReplacedWhenItIsAPseudoCode() throws Exception {
        assertEquals(new CountryCode("FR"), convert("1", "7", "2009-01-01 00:00:00", "2.125.160.217", null, null, "FR").country());
        assertEquals(new CountryCode("GB"), convert("1", "7", "2009-01-01 00:00:00", "81.2.69.160", null, null, "uk").country());
        assertEquals(LegacyClicks.CountrySource.KEPT, clicks.lastSource());
        assertEquals(new CountryCode("GB"), convert("1", "7", "2009-01-01 00:00:00", "81.2.69.160", null, null, "EU").country());
        assertEquals(LegacyClicks.CountrySource.GEOIP, clicks.lastSource());
    }

    @Test
    void withoutAPublicAddressTheFirstIsHashedAndTheCountryIsUnknown() throws Exception {
        ClickRecord c = convert("2", "7", "2009-01-01 00:00:00", "172.16.5.4, 127.0.0.1", null, "A", "--");
        assertNull(c.country());
        assertEquals(LegacyClicks.CountrySource.UNKNOWN, clicks.lastSource());
        assertEquals(VisitorHash.of(SECRET).hash(IpAddress.parse("172.16.5.4"), "A", c.epochMillis()), c.visitorHash());
        ClickRecord none = convert("3", "7", "2009-01-01 00:00:00", "", null, "A", null);
        assertEquals(VisitorHash.of(SECRET).hash(null, "A", none.epochMillis()), none.visitorHash());
        assertNull(none.country());
    }

    @Test
    void theAgentIsCutAndTheReferrerKeepsItsHost() throws Exception {
        ClickRecord c = convert("4", "7", "2009-01-01 00:00:00", "81.2.69.160", "HTTP://WWW.Example.COM:8080/x?y",
                "M" + "x".repeat(400), "GB");
        assertEquals(256, c.userAgent().length());
        assertEquals("www.example.com", c.referrerHost());
        assertNull(convert("4", "7", "2009-01-01 00:00:00", "81.2.69.160", "not a url", null, "GB").referrerHost());
    }

    @Test
    void ambiguousAndSkippedLocalTimesFollowTheLoadersRule() throws Exception {
        // 26 Oct 2008, 01:30 happened twice in London: the earlier offset (BST)
        assertEquals(Instant.parse("2008-10-26T00:30:00Z").toEpochMilli(),
                convert("5", "7", "2008-10-26 01:30:00", "", null, null, null).epochMillis());
        // 29 Mar 2009, 01:30 never happened: moved forward by the gap
        assertEquals(Instant.parse("2009-03-29T01:30:00Z").toEpochMilli(),
                convert("5", "7", "2009-03-29 01:30:00", "", null, null, null).epochMillis());
    }

    @Test
    void everyDefectIsARejectWithItsReason() {
        assertEquals("bad_id", reason("x1", "7", "2009-01-01 00:00:00", "", null, null, null));
        assertEquals("bad_id", reason("0", "7", "2009-01-01 00:00:00", "", null, null, null));
        assertEquals("bad_id", reason("99999999999999999999", "7", "2009-01-01 00:00:00", "", null, null, null));
        assertEquals("bad_clig_id", reason("1", "4294967296", "2009-01-01 00:00:00", "", null, null, null));
        assertEquals("bad_clig_id", reason("1", null, "2009-01-01 00:00:00", "", null, null, null));
        assertEquals("bad_date", reason("1", "7", "0000-00-00 00:00:00", "", null, null, null));
        assertEquals("bad_date", reason("1", "7", "2009-02-30 10:00:00", "", null, null, null));
        assertEquals("bad_date", reason("1", "7", null, "", null, null, null));
        assertEquals("bad_ip", reason("1", "7", "2009-01-01 00:00:00", "unknown, 81.2.69.160", null, null, null));
        assertEquals("bad_ip", reason("1", "7", "2009-01-01 00:00:00", "300.1.2.3", null, null, null));
        assertEquals("orphan", reason("1", "8", "2009-01-01 00:00:00", "", null, null, null));
    }

    @Test
    void eventIdsAreTheEdgeFormWithAFixedBoot() {
        assertEquals("legacy-0-1", LegacyClicks.eventId(1));
        assertEquals("legacy-0-" + Long.toString(Long.MAX_VALUE, 36), LegacyClicks.eventId(Long.MAX_VALUE));
    }

    @Test
    void publicMeansNoneOfThePrivateLoopbackLinkLocalSharedOrMulticastRanges() throws Exception {
        for (String a : new String[] {"10.1.2.3", "192.168.0.1", "172.31.255.255", "127.0.0.1", "169.254.1.1", "100.64.0.1",
                "0.1.2.3", "224.0.0.1", "::1", "fd00::1", "fe80::1", "ff02::1"}) {
            assertEquals(false, VisitorAddress.isPublic(IpAddress.parse(a)), a);
        }
        for (String a : new String[] {"81.2.69.160", "172.32.0.1", "100.128.0.1", "2001:218::1"}) {
            assertEquals(true, VisitorAddress.isPublic(IpAddress.parse(a)), a);
        }
        assertArrayEquals(IpAddress.parse("2001:218::1"), VisitorAddress.of("100.64.1.1, 2001:218::1"));
        assertNull(VisitorAddress.of(" , "));
    }
}
