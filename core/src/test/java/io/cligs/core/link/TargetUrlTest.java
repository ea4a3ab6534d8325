package io.cligs.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUrlTest {

    private static String norm(String raw) {
        return TargetUrl.normalize(raw).value();
    }

    private static InvalidTargetException.Reason rejected(String raw) {
        return assertThrows(InvalidTargetException.class, () -> TargetUrl.normalize(raw)).reason();
    }

    @Test
    void schemeLessUrlGetsHttp() {
        assertEquals("http://example.com/p/1?ref=cligs", norm("example.com/p/1?ref=cligs"));
    }

    @Test
    void surroundingSpacesTabsAndCrLfAreTrimmed() {
        assertEquals("https://example.com/x", norm("  https://example.com/x\r\n\t"));
    }

    @Test
    void spacesInsideArePercentEncoded() {
        assertEquals("http://example.com/a%20path/with%20spaces%203", norm("http://example.com/a path/with spaces 3"));
    }

    @Test
    void idnHostBecomesPunycodeAndUtf8PathIsPercentEncoded() {
        assertEquals("http://xn--bcher-kva.example/stra%C3%9Fe/4?q=%C3%BC", norm("http://bücher.example/straße/4?q=ü"));
        assertEquals("http://xn--r8jz45g.jp/", norm("http://例え.jp/"));
        assertEquals("http://xn--e1afmkfd.xn--p1ai", norm("http://пример.рф"));
    }

    @Test
    void schemeAndHostAreLowerCasedButPathKeepsItsCase() {
        assertEquals("https://example.com/Path/To?Q=A", norm("HTTPS://Example.COM/Path/To?Q=A"));
    }

    @Test
    void existingPercentEscapesAreKept() {
        assertEquals("http://example.com/a%20b%2Fc", norm("http://example.com/a%20b%2Fc"));
    }

    @Test
    void tabAndBackslashInsideArePercentEncoded() {
        assertEquals("http://example.com/x%09and%5Ctab", norm("http://example.com/x\tand\\tab"));
    }

    @Test
    void crLfAndNulInsideNeverReachTheHeader() {
        String v = norm("http://example.com/a\r\nSet-Cookie: x=1\u0000");
        assertEquals("http://example.com/a%0D%0ASet-Cookie:%20x=1%00", v);
        assertTrue(v.chars().allMatch(c -> c > 0x20 && c < 0x7f));
    }

    @Test
    void obsFoldIsEncodedNotFolded() {
        assertEquals("http://example.com/a%0D%0A%20folded%0A%09x", norm("http://example.com/a\r\n folded\n\tx"));
    }

    @Test
    void lineSeparatorAndOtherUnicodeAreUtf8Encoded() {
        assertEquals("http://example.com/%E2%80%A8%F0%9F%98%80", norm("http://example.com/\u2028😀"));
    }

    @Test
    void resultOverMaxLengthIsRejected() {
        String base = "http://example.com/?pad=";
        assertEquals(base.length() + 3000, norm(base + "x".repeat(3000)).length());
        assertEquals(InvalidTargetException.Reason.TOO_LONG, rejected(base + "x".repeat(9000)));
        assertEquals(8192, norm(base + "x".repeat(8192 - base.length())).length());
        assertEquals(InvalidTargetException.Reason.TOO_LONG, rejected(base + "x".repeat(8193 - base.length())));
    }

    @Test
    void encodingCountsTowardsTheLimit() {
        // 3000 'é' are 6000 bytes, 18000 characters once percent-encoded
        assertEquals(InvalidTargetException.Reason.TOO_LONG, rejected("http://example.com/" + "é".repeat(3000)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)", "file:/etc/passwd", "  javascript:alert(1)"})
    void dangerousSchemesAreRejected(String raw) {
        assertEquals(InvalidTargetException.Reason.FORBIDDEN_SCHEME, rejected(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript://%0aalert(1)", "ftp://example.com/f", "file:///etc/passwd", "gopher://x"})
    void otherSchemesAreRejected(String raw) {
        assertEquals(InvalidTargetException.Reason.UNSUPPORTED_SCHEME, rejected(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\r\n", "\t"})
    void emptyIsRejected(String raw) {
        assertEquals(InvalidTargetException.Reason.EMPTY, rejected(raw));
    }

    @Test
    void protocolRelativeUrlHasNoHostAndIsRejected() {
        assertEquals(InvalidTargetException.Reason.MISSING_HOST, rejected("//evil.example/x"));
        assertEquals(InvalidTargetException.Reason.MISSING_HOST, rejected("http:///x"));
    }

    @Test
    void credentialsThatHideTheRealHostAreRejected() {
        assertEquals(InvalidTargetException.Reason.CREDENTIALS, rejected("https://trusted.example@evil.example/"));
    }

    @Test
    void backslashOrJunkInHostIsRejected() {
        assertEquals(InvalidTargetException.Reason.BAD_HOST, rejected("http://trusted.example\\evil.example/"));
        assertEquals(InvalidTargetException.Reason.CREDENTIALS, rejected("http://evil.example\\@trusted.example/"));
        assertEquals(InvalidTargetException.Reason.BAD_HOST, rejected("http://exa mple.com/"));
        assertEquals(InvalidTargetException.Reason.BAD_HOST, rejected("http://a..b/"));
        assertEquals(InvalidTargetException.Reason.BAD_HOST, rejected("http://example.com:80x/"));
    }

    @Test
    void portAndIpv6LiteralAreKept() {
        assertEquals("http://example.com:8080/x", norm("http://Example.com:8080/x"));
        assertEquals("https://[2001:db8::1]:443/", norm("https://[2001:DB8::1]:443/"));
    }

    @Test
    void queryContainingAnotherUrlIsNotMistakenForAScheme() {
        assertEquals("http://example.com/r?u=http://other.example/", norm("example.com/r?u=http://other.example/"));
    }

    @Test
    void storedValueMustAlreadyBeAscii() {
        assertThrows(InvalidTargetException.class, () -> TargetUrl.of("http://example.com/a b"));
        assertThrows(InvalidTargetException.class, () -> TargetUrl.of("http://example.com/\r\nX: y"));
        assertThrows(InvalidTargetException.class, () -> TargetUrl.of("javascript:alert(1)"));
    }

    /** Every case of the legacy reference implementation (location() in gen_legacy_dump.py) agrees. */
    @Test
    void agreesWithTheLegacyReferenceOnGeneratedUrls() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/location-reference.tsv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                String input = unescape(line.substring(0, tab));
                String expected = line.substring(tab + 1);
                String actual;
                try {
                    actual = TargetUrl.normalize(input).value();
                } catch (InvalidTargetException e) {
                    actual = "-";
                }
                n++;
                if (!expected.equals(actual)) {
                    mismatches.add(input + " -> " + actual + " (expected " + expected + ")");
                }
            }
        }
        assertEquals(600, n);
        assertEquals(List.of(), mismatches);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                b.append(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
