package io.cligs.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cligs.core.geo.CountryCode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkCodecTest {

    private static Link link(LinkStatus status, Map<CountryCode, TargetUrl> rules) {
        return new Link(42, Slug.parse("Ab.c-9"), TargetUrl.normalize("https://example.com/x?y=1#z"), status, rules, 7);
    }

    @Test
    void linkWithoutRulesRoundTrips() {
        Link l = link(LinkStatus.ACTIVE, Map.of());
        assertEquals(l, LinkCodec.decode(LinkCodec.encode(l)));
    }

    @Test
    void linkWithRulesRoundTripsForEveryStatus() {
        Map<CountryCode, TargetUrl> rules = Map.of(
                CountryCode.parse("GB"), TargetUrl.normalize("https://example.co.uk/gb"),
                CountryCode.parse("DE"), TargetUrl.normalize("https://münchen.example.de/straße"));
        for (LinkStatus s : LinkStatus.values()) {
            Link l = link(s, rules);
            Link back = LinkCodec.decode(LinkCodec.encode(l));
            assertEquals(l, back);
            assertEquals("https://example.co.uk/gb", back.targetFor(CountryCode.parse("GB")).value());
            assertEquals("https://example.com/x?y=1#z", back.targetFor(CountryCode.parse("US")).value());
            assertEquals("https://example.com/x?y=1#z", back.targetFor(null).value());
        }
    }

    @Test
    void encodingIsCompactAndDeterministic() {
        Link l = link(LinkStatus.DISABLED, Map.of(CountryCode.parse("SE"), TargetUrl.normalize("https://e.se/"),
                CountryCode.parse("DE"), TargetUrl.normalize("https://e.de/")));
        assertEquals("1\t42\t7\td\tAb.c-9\thttps://example.com/x?y=1#z\tDE\thttps://e.de/\tSE\thttps://e.se/",
                LinkCodec.encode(l));
        assertFalse(LinkCodec.encode(l).contains("\n"));
    }

    @Test
    void anExpiringLinkIsFormat2AndRoundTrips() {
        Link l = new Link(42, Slug.parse("exp"), TargetUrl.normalize("https://e.com/"), LinkStatus.ACTIVE,
                Map.of(CountryCode.parse("SE"), TargetUrl.normalize("https://e.se/")), 7, Instant.ofEpochMilli(1_800_000_000_123L));
        assertEquals("2\t42\t7\ta\texp\thttps://e.com/\t1800000000123\tSE\thttps://e.se/", LinkCodec.encode(l));
        assertEquals(l, LinkCodec.decode(LinkCodec.encode(l)));
        assertEquals(7, LinkCodec.versionOf(LinkCodec.encode(l)));
        assertEquals(301 + 1, l.httpStatusAt(1_800_000_000_122L));
        assertEquals(410, l.httpStatusAt(1_800_000_000_123L));
    }

    @Test
    void aLinkWithoutExpiryKeepsFormat1ByteForByte() {
        Link l = link(LinkStatus.ACTIVE, Map.of());
        assertEquals("1\t42\t7\ta\tAb.c-9\thttps://example.com/x?y=1#z", LinkCodec.encode(l));
        assertEquals(null, LinkCodec.decode(LinkCodec.encode(l)).expiresAt());
        assertEquals(301, l.httpStatusAt(Long.MAX_VALUE), "never expires");
    }

    @Test
    void malformedValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LinkCodec.decode("garbage"));
        assertThrows(IllegalArgumentException.class, () -> LinkCodec.decode("2\t1\t1\ta\tabc\thttp://e.com"));
        assertThrows(IllegalArgumentException.class, () -> LinkCodec.decode("1\tx\t1\ta\tabc\thttp://e.com"));
        assertThrows(IllegalArgumentException.class, () -> LinkCodec.decode("1\t1\t1\tq\tabc\thttp://e.com"));
        assertThrows(IllegalArgumentException.class, () -> LinkCodec.decode("1\t1\t1\ta\tabc\thttp://e.com\tGB"));
        assertThrows(IllegalArgumentException.class, () -> LinkCodec.decode(null));
        assertThrows(IllegalArgumentException.class, () -> LinkCodec.decode("2\t1\t1\ta\tabc\thttp://e.com\tsoon"));
        assertThrows(IllegalArgumentException.class, () -> LinkCodec.decode("3\t1\t1\ta\tabc\thttp://e.com\t1"));
    }

    @Test
    void statusNamesParseInAnyCaseAndUnknownOnesAreErrors() {
        assertEquals(LinkStatus.DELETED, LinkStatus.parse("Deleted"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkStatus.parse("archived"));
        assertEquals(true, e.getMessage().contains("archived"));
    }

    @Test
    void versionOfReadsTheVersionFieldAlone() {
        Link link = new Link(42, Slug.parse("abc"), TargetUrl.of("https://example.com/"), LinkStatus.ACTIVE, java.util.Map.of(), 17);
        org.junit.jupiter.api.Assertions.assertEquals(17, LinkCodec.versionOf(LinkCodec.encode(link)));
        org.junit.jupiter.api.Assertions.assertEquals(-1, LinkCodec.versionOf("x"));
        org.junit.jupiter.api.Assertions.assertEquals(-1, LinkCodec.versionOf("1\t42\tseven\ta\tabc\thttps://example.com/"));
        org.junit.jupiter.api.Assertions.assertEquals(-1, LinkCodec.versionOf(null));
    }
}
