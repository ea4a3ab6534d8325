package io.cligs.core.link;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where a link sends its visitors: an absolute {@code http}/{@code https} URL, already in the exact
 * ASCII form of the {@code Location} header. No CR, LF, NUL or any other control or non-ASCII
 * character can be in it, so no input can ever split or fold a response header.
 *
 * <p>{@link #normalize(String)} turns what a user typed (or what the old system stored) into that
 * form; it follows the legacy export's reference ({@code location()} in
 * {@code ops/legacy/gen_legacy_dump.py}) and is stricter where a browser would otherwise go to
 * another host than the one we show (user info, backslashes or other junk in the host).
 */
public record TargetUrl(String value) {

    /** The longest Location we send; longer results are rejected. */
    public static final int MAX_LENGTH = 8192;

    /** Characters kept as they are in path, query and fragment (Python's {@code quote} safe set + unreserved). */
    private static final boolean[] KEEP = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            KEEP[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            KEEP[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            KEEP[c] = true;
        }
        // RFC 3986 §2.3 unreserved, §2.2 reserved (gen-delims and sub-delims), and '%' (existing %XX).
        for (char c : "-._~!#$%&'()*+,/:;=?@[]".toCharArray()) {
            KEEP[c] = true;
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public TargetUrl {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidTargetException(InvalidTargetException.Reason.TOO_LONG, "not a stored target: empty or too long");
        }
        if (!(value.startsWith("http://") || value.startsWith("https://"))) {
            throw new InvalidTargetException(InvalidTargetException.Reason.UNSUPPORTED_SCHEME, "not a stored target: " + value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new InvalidTargetException(InvalidTargetException.Reason.BAD_CHARACTER,
                        "not a stored target: character " + (int) c + " at " + i);
            }
        }
    }

    /** A value already normalised (read back from MySQL or Redis); checked, not changed. */
    public static TargetUrl of(String normalized) {
        return new TargetUrl(normalized);
    }

    /**
     * Normalises a URL as typed: trims spaces, TAB, CR and LF; adds {@code http://} when there is no
     * scheme; accepts only http and https; converts an IDN host to punycode (RFC 3492, via IDNA 2003)
     * and lower-cases scheme and host; percent-encodes as UTF-8 every character of path, query and
     * fragment outside RFC 3986's unreserved and reserved sets, keeping existing {@code %XX}.
     *
     * @throws InvalidTargetException with the reason when the URL must not be forwarded to
     */
    public static TargetUrl normalize(String raw) {
        if (raw == null) {
            throw reject(InvalidTargetException.Reason.EMPTY, "the URL is empty");
        }
        String u = strip(raw);
        if (u.isEmpty()) {
            throw reject(InvalidTargetException.Reason.EMPTY, "the URL is empty");
        }
        int sep = schemeSeparator(u);
        String scheme;
        String rest;
        if (sep < 0) {
            String low = u.toLowerCase(Locale.ROOT);
            for (String bad : new String[] {"javascript:", "data:", "vbscript:", "file:"}) {
                if (low.startsWith(bad)) {
                    throw reject(InvalidTargetException.Reason.FORBIDDEN_SCHEME,
                            "'" + bad + "' URLs are never forwarded to");
                }
            }
            scheme = "http";
            rest = u;
        } else {
            scheme = u.substring(0, sep).toLowerCase(Locale.ROOT);
            rest = u.substring(sep + 3);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw reject(InvalidTargetException.Reason.UNSUPPORTED_SCHEME,
                        "only http and https URLs are forwarded to, not '" + abbreviate(scheme) + ":'");
            }
        }
        int cut = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                cut = i;
                break;
            }
        }
        String host = asciiHost(rest.substring(0, cut));
        StringBuilder out = new StringBuilder(scheme.length() + 3 + rest.length() + 16);
        out.append(scheme).append("://").append(host);
        encodeTail(rest, cut, out);
        if (out.length() > MAX_LENGTH) {
            throw reject(InvalidTargetException.Reason.TOO_LONG,
                    "the URL is " + out.length() + " characters long once encoded; at most " + MAX_LENGTH);
        }
        return new TargetUrl(out.toString());
    }

    /** Strips what the legacy system stripped: spaces, TAB, CR and LF at both ends. */
    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isStrippable(s.charAt(start))) {
            start++;
        }
        while (end > start && isStrippable(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isStrippable(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Index of "://" when what precedes it is a scheme (RFC 3986 §3.1), else -1. */
    private static int schemeSeparator(String u) {
        int sep = u.indexOf("://");
        if (sep <= 0) {
            return sep == 0 ? 0 : -1;
        }
        for (int i = 0; i < sep; i++) {
            char c = u.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
            if (!ok) {
                return -1;
            }
        }
        return sep;
    }

    private static String asciiHost(String authority) {
        if (authority.isEmpty()) {
            throw reject(InvalidTargetException.Reason.MISSING_HOST, "the URL has no host");
        }
        if (authority.indexOf('@') >= 0) {
            throw reject(InvalidTargetException.Reason.CREDENTIALS,
                    "user names or passwords in a URL ('user@host') are not forwarded to: they hide the real host");
        }
        String host = authority;
        String port = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw reject(InvalidTargetException.Reason.BAD_HOST, "unclosed IPv6 literal in host");
            }
            host = authority.substring(0, close + 1);
            port = authority.substring(close + 1);
            for (int i = 1; i < host.length() - 1; i++) {
                char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 && c < 0x80) && c != ':' && c != '.') {
                    throw reject(InvalidTargetException.Reason.BAD_HOST, "bad IPv6 literal in host");
                }
            }
            host = host.toLowerCase(Locale.ROOT);
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
                port = authority.substring(colon);
            }
            host = idnToAscii(host);
        }
        if (!port.isEmpty()) {
            boolean digits = port.length() >= 2 && port.length() <= 6 && port.charAt(0) == ':';
            for (int i = 1; digits && i < port.length(); i++) {
                digits = port.charAt(i) >= '0' && port.charAt(i) <= '9';
            }
            if (!digits) {
                throw reject(InvalidTargetException.Reason.BAD_HOST, "bad port in '" + abbreviate(authority) + "'");
            }
        }
        return host + port;
    }

    private static String idnToAscii(String host) {
        if (host.isEmpty()) {
            throw reject(InvalidTargetException.Reason.MISSING_HOST, "the URL has no host");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw reject(InvalidTargetException.Reason.BAD_HOST, "host '" + abbreviate(host) + "' is not a valid domain name");
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        String[] labels = ascii.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            boolean last = i == labels.length - 1;
            if (label.isEmpty() && !(last && i > 0) || label.length() > 63) {
                throw reject(InvalidTargetException.Reason.BAD_HOST, "host '" + abbreviate(host) + "' has an empty or over-long label");
            }
            for (int k = 0; k < label.length(); k++) {
                char c = label.charAt(k);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                    throw reject(InvalidTargetException.Reason.BAD_HOST,
                            "host '" + abbreviate(host) + "' holds a character no host name has");
                }
            }
        }
        return ascii;
    }

    private static void encodeTail(String rest, int from, StringBuilder out) {
        for (int i = from; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c < 0x80) {
                if (KEEP[c]) {
                    out.append(c);
                } else {
                    percent(out, c);
                }
                continue;
            }
            int cp = rest.codePointAt(i);
            if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
                throw reject(InvalidTargetException.Reason.BAD_CHARACTER, "the URL holds a broken UTF-16 surrogate");
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                percent(out, b & 0xff);
            }
            i += Character.charCount(cp) - 1;
        }
    }

    private static void percent(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }

    private static InvalidTargetException reject(InvalidTargetException.Reason reason, String message) {
        return new InvalidTargetException(reason, message);
    }

    private static String abbreviate(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 60 ? b + "..." : b.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
