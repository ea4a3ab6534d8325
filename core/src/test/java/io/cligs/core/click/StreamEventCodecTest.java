package io.cligs.core.click;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamEventCodecTest {

    private static final String HASH = "0123456789abcdef".repeat(4);

    @Test
    void clickRoundTripsThroughItsFields() {
        ClickRecord click = new ClickRecord("e1-abc-0", 42, 1_700_000_000_123L, CountryCode.parse("SE"), HASH,
                "news.example.com", "Mozilla/5.0 (X11)", "e1");
        List<String> fields = StreamEventCodec.fields(click);
        assertEquals(List.of("v", "1", "type", "click", "id", "e1-abc-0", "link", "42", "ts", "1700000000123", "cc", "SE",
                "vh", HASH, "ref", "news.example.com", "ua", "Mozilla/5.0 (X11)", "edge", "e1"), fields);
        assertEquals(click, StreamEventCodec.decode(fields));
    }

    @Test
    void encodedFieldsAreTheFieldsAsUtf8() {
        List<StreamEvent> events = List.of(
                new ClickRecord("e1-abc-0", 42, 1_700_000_000_123L, CountryCode.parse("SE"), HASH,
                        "news.example.com", "Mozilla/5.0 (X11) \u00e9\u6f22 \ud83d\ude00", "e1"),
                new ClickRecord("e1-abc-1", Long.MAX_VALUE, 0, null, HASH, null, null, "e1"),
                new ClickRecord("e1-abc-2", 9, 10, null, HASH, "t.co", null, "edge-2"),
                new ClickRecord("e1-abc-3", 10, 99, CountryCode.parse("DE"), HASH, null, "curl/8", "e1"),
                new OrphanRecord("e1-abc-4", EventText.slug("no-such-slug"), 5, CountryCode.parse("SE"), "t.co", "e1"),
                new OrphanRecord("e1-abc-5", EventText.slug("\u00fcber"), 1_700_000_000_000L, null, null, "e1"));
        for (StreamEvent e : events) {
            Object[] out = new Object[StreamEventCodec.MAX_FIELDS + 3];
            int n = StreamEventCodec.encodeFields(e, out, 2);
            List<String> decoded = new ArrayList<>();
            for (int i = 2; i < 2 + n; i++) {
                decoded.add(new String((byte[]) out[i], java.nio.charset.StandardCharsets.UTF_8));
            }
            assertEquals(StreamEventCodec.fields(e), decoded, e.toString());
            assertEquals(n, StreamEventCodec.fieldCount(e));
            assertNull(out[0]);
            assertNull(out[2 + n]);
        }
    }

    @Test
    void absentValuesAreLeftOutAndComeBackNull() {
        ClickRecord click = new ClickRecord("e1-abc-1", 7, 0, null, HASH, null, null, "e1");
        List<String> fields = StreamEventCodec.fields(click);
        assertFalse(fields.contains("cc") || fields.contains("ref") || fields.contains("ua"));
        assertEquals(click, StreamEventCodec.decode(fields));
    }

    @Test
    void orphanRoundTrips() {
        OrphanRecord orphan = new OrphanRecord("e1-abc-2", EventText.slug("no-such-slug"), 5, null, "t.co", "e1");
        assertEquals(orphan, StreamEventCodec.decode(StreamEventCodec.fields(orphan)));
    }

    @Test
    void hostileUserAgentIsCroppedAndCleanedBeforeItIsKept() {
        String raw = "Evil\r\nX-Injected: 1\u0000\t\u007f\u0085" + "A".repeat(1000);
        String ua = EventText.userAgent(raw);
        assertEquals(EventText.MAX_USER_AGENT, ua.length());
        assertTrue(ua.startsWith("Evil  X-Injected: 1    A"));
        assertTrue(ua.chars().noneMatch(c -> c < 0x20 || c == 0x7f));
        ClickRecord click = new ClickRecord("e1-a-3", 1, 1, null, HASH, null, ua, "e1");
        assertEquals(click, StreamEventCodec.decode(StreamEventCodec.fields(click)));
    }

    @Test
    void aSurrogatePairIsNeverSplitAndALoneOneIsReplaced() {
        String raw = "a".repeat(255) + "\uD83D\uDE00";
        assertEquals("a".repeat(255), EventText.userAgent(raw));
        assertEquals("x y", EventText.userAgent("x\uD83Dy"));
        assertEquals("\uD83D\uDE00", EventText.userAgent("\uD83D\uDE00"));
    }

    @Test
    void theRecordsRefuseRawVisitorText() {
        assertThrows(InvalidEventException.class, () -> new ClickRecord("e-1", 1, 1, null, HASH, null, "a\r\nb", "e"));
        assertThrows(InvalidEventException.class, () -> new ClickRecord("e-1", 1, 1, null, HASH, null, "a".repeat(257), "e"));
        assertThrows(InvalidEventException.class, () -> new OrphanRecord("e-1", "a\u0000", 1, null, null, "e"));
        assertThrows(InvalidEventException.class, () -> new OrphanRecord("e-1", "a".repeat(65), 1, null, null, "e"));
        assertThrows(InvalidEventException.class, () -> new ClickRecord("e-1", 1, 1, null, HASH, "Evil.com", null, "e"));
        assertThrows(InvalidEventException.class, () -> new ClickRecord("e 1", 1, 1, null, HASH, null, null, "e"));
        assertThrows(InvalidEventException.class, () -> new ClickRecord("e-1", 0, 1, null, HASH, null, null, "e"));
        assertThrows(InvalidEventException.class, () -> new ClickRecord("e-1", 1, 1, null, "ABC", null, null, "e"));
    }

    @Test
    void orphanSlugIsCutTo64() {
        assertEquals(64, EventText.slug("s".repeat(5000)).length());
        assertEquals("a b", EventText.slug("a\nb"));
        assertEquals("-", EventText.slug(""));
    }

    @Test
    void referrerIsReducedToItsHost() {
        assertEquals("news.example.com", EventText.referrerHost("https://user:pw@News.Example.COM.:8443/a?b#c"));
        assertEquals("t.co", EventText.referrerHost("http://t.co"));
        assertEquals("[2001:db8::1]", EventText.referrerHost("http://[2001:DB8::1]:80/x"));
        assertNull(EventText.referrerHost("not a url"));
        assertNull(EventText.referrerHost("https://exa mple.com/"));
        assertNull(EventText.referrerHost("https://evil.com\r\nSet-Cookie: x/"));
        assertNull(EventText.referrerHost(null));
        assertNull(EventText.referrerHost("https://"));
    }

    @Test
    void aHugeReferrerCostsLittleAndKeepsNothingOversized() {
        assertNull(EventText.referrerHost("https://" + "a".repeat(1_000_000)));
        assertEquals("example.com", EventText.referrerHost("https://example.com/" + "p".repeat(1_000_000)));
        String longLabel = "a".repeat(250) + ".com";
        assertNull(EventText.referrerHost("https://" + longLabel + "/"));
    }

    @Test
    void hostileOrDamagedEntriesAreRefusedWithTheField() {
        List<String> good = StreamEventCodec.fields(new ClickRecord("e-1", 1, 1, null, HASH, null, null, "e"));
        assertEquals("v: unknown version 2", assertThrows(InvalidEventException.class,
                () -> StreamEventCodec.decode(replace(good, "v", "2"))).getMessage());
        assertThrows(InvalidEventException.class, () -> StreamEventCodec.decode(replace(good, "link", "-1")));
        assertThrows(InvalidEventException.class, () -> StreamEventCodec.decode(replace(good, "link", "99999999999999999999")));
        assertThrows(InvalidEventException.class, () -> StreamEventCodec.decode(replace(good, "ts", "1e3")));
        assertThrows(InvalidEventException.class, () -> StreamEventCodec.decode(replace(good, "type", "view")));
        assertThrows(InvalidEventException.class, () -> StreamEventCodec.decode(good.subList(0, good.size() - 1)));
        List<String> withCountry = new ArrayList<>(good);
        withCountry.addAll(List.of("cc", "EU"));
        assertThrows(InvalidEventException.class, () -> StreamEventCodec.decode(withCountry));
        List<String> twice = new ArrayList<>(good);
        twice.addAll(List.of("id", "e-2"));
        assertThrows(InvalidEventException.class, () -> StreamEventCodec.decode(twice));
    }

    @Test
    void eventIdsAreUniqueAcrossRestarts() {
        EventIds first = new EventIds("edge-1", 1000);
        EventIds again = new EventIds("edge-1", 2000);
        assertEquals("edge-1-rs-0", first.next());
        assertEquals("edge-1-rs-1", first.next());
        assertEquals("edge-1-1jk-0", again.next());
    }

    private static List<String> replace(List<String> fields, String name, String value) {
        List<String> out = new ArrayList<>(fields);
        out.set(out.indexOf(name) + 1, value);
        return out;
    }
}
