package io.cligs.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link TargetUrl#normalize} over many hostile inputs (fixed seeds, so a failure
 * reproduces): it either rejects with a reason or yields a header-safe, idempotent value.
 */
class TargetUrlPropertyTest {

    private static final String[] PIECES = {
        "http://", "https://", "HTTP://", "//", "javascript:", "data:", "vbscript:", "file:", "ftp://",
        "example.com", "EXAMPLE.com", "bücher.example", "例え.jp", "@", "\\", ":", "8080", "[", "]", "::1",
        "/", "?", "#", "&", "=", "%", "%20", "%0d%0a", "\r", "\n", "\r\n ", "\n\t", "\t", " ", "\u0000",
        "\u2028", "\u0085", "é", "😀", "\ud800", "\"", "<", ">", "{", "}", "|", "^", "`", "a", "Z", "0", "..",
        "-", "_", "~", "x".repeat(300),
    };

    private static String hostile(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    @Test
    void everyAcceptedTargetIsPrintableAsciiWithoutSpacesAndNeverLongerThanTheLimit() {
        SplittableRandom r = new SplittableRandom(20091);
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            String input = hostile(r);
            TargetUrl t;
            try {
                t = TargetUrl.normalize(input);
            } catch (InvalidTargetException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
                continue;
            } catch (RuntimeException e) {
                fail("normalize threw " + e + " for " + escape(input));
                return;
            }
            accepted++;
            String v = t.value();
            assertTrue(v.length() <= TargetUrl.MAX_LENGTH);
            assertTrue(v.startsWith("http://") || v.startsWith("https://"), v);
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c <= 0x20 || c >= 0x7f) {
                    fail("character " + (int) c + " in " + escape(v) + " from " + escape(input));
                }
            }
        }
        assertTrue(accepted > 250, "the generator must also produce accepted URLs, got " + accepted);
    }

    @Test
    void normalisingTwiceChangesNothing() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 30_000; i++) {
            String input = hostile(r);
            try {
                String once = TargetUrl.normalize(input).value();
                assertEquals(once, TargetUrl.normalize(once).value(), () -> "input " + escape(input));
            } catch (InvalidTargetException expected) {
                // rejected inputs have nothing to be idempotent about
            }
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
