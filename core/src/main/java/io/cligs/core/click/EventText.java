package io.cligs.core.click;

import java.util.Locale;

/**
 * The rules for the text fields of a {@link StreamEvent}, and the factories that turn what a visitor
 * sent into values that keep them: the user agent cut to 256 characters and the slug to 64 (as
 * Shlink crops its visit fields), control characters (CR, LF, NUL, TAB, DEL, C1) replaced by a space so
 * no value can break a log line or the journal's line format, and the {@code Referer} reduced to its
 * host. Stateless and thread-safe.
 */
public final class EventText {

    /** The user agent is kept to this many characters (DESIGN.md, "Clicks and analytics"). */
    public static final int MAX_USER_AGENT = 256;
    /** An orphan's slug is kept to this many characters. */
    public static final int MAX_SLUG = 64;
    /** A DNS name is at most 253 characters (RFC 1035 §2.3.4, without the final dot). */
    public static final int MAX_HOST = 253;
    static final int MAX_EDGE_ID = 64;
    static final int MAX_EVENT_ID = 100;

    private EventText() {
    }

    /** The user agent as an event keeps it: cropped, control characters as spaces; null or empty → null. */
    public static String userAgent(String raw) {
        return crop(raw, MAX_USER_AGENT);
    }

    /** The slug asked for, as an orphan event keeps it: cropped, control characters as spaces; never null. */
    public static String slug(String raw) {
        String s = crop(raw, MAX_SLUG);
        return s == null ? "-" : s;
    }

    /**
     * The host of a {@code Referer} URL ({@code scheme://[userinfo@]host[:port]/...}, RFC 3986 §3.2),
     * lower case, or null when there is none or it is not a plain DNS name or IP literal (a referrer is
     * what the visitor's browser claims; anything odd is dropped rather than stored).
     */
    public static String referrerHost(String referer) {
        if (referer == null) {
            return null;
        }
        int schemeEnd = referer.indexOf("://");
        if (schemeEnd <= 0 || schemeEnd > 32) {
            return null;
        }
        int start = schemeEnd + 3;
        int end = start;
        int n = referer.length();
        while (end < n && end - start <= 2 * MAX_HOST) {
            char c = referer.charAt(end);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            end++;
        }
        if (end - start > 2 * MAX_HOST) {
            return null;
        }
        String authority = referer.substring(start, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close < 0 ? null : authority.substring(0, close + 1);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
        }
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return isHost(host) ? host : null;
    }

    private static boolean isHost(String host) {
        if (host.isEmpty() || host.length() > MAX_HOST) {
            return false;
        }
        if (host.charAt(0) == '[') {
            for (int i = 1; i < host.length() - 1; i++) {
                char c = host.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.')) {
                    return false;
                }
            }
            return host.endsWith("]") && host.length() > 2;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** At most {@code max} characters (a surrogate pair is never split), control characters as spaces. */
    static String crop(String raw, int max) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        int end = Math.min(raw.length(), max);
        if (end < raw.length() && Character.isHighSurrogate(raw.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = raw.charAt(i);
            boolean bad = isControl(c) || Character.isSurrogate(c) && !pairedAt(raw, i, end);
            if (bad && out == null) {
                out = new StringBuilder(end).append(raw, 0, i);
            }
            if (out != null) {
                out.append(bad ? ' ' : c);
            }
        }
        return out != null ? out.toString() : end == raw.length() ? raw : raw.substring(0, end);
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }

    /** Whether the surrogate at {@code i} is half of a well-formed pair within {@code [0, end)}. */
    private static boolean pairedAt(String s, int i, int end) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    static void checkText(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.isEmpty() || value.length() > max) {
            throw new InvalidEventException(field, "1 to " + max + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c) || Character.isSurrogate(c) && !pairedAt(value, i, value.length())) {
                throw new InvalidEventException(field, "control character or broken surrogate at " + i
                        + " (crop visitor text with EventText first)");
            }
        }
    }

    static void checkReferrerHost(String host) {
        if (host != null && !isHost(host)) {
            throw new InvalidEventException("ref", "not a lower-case host name or IP literal");
        }
    }

    static void checkTime(long epochMillis) {
        if (epochMillis < 0) {
            throw new InvalidEventException("ts", "a time before 1970: " + epochMillis);
        }
    }

    static void checkEdgeId(String edgeId) {
        checkToken("edge", edgeId, MAX_EDGE_ID);
    }

    static void checkEventId(String eventId) {
        checkToken("id", eventId, MAX_EVENT_ID);
    }

    /** Letters, digits, {@code . _ -}: safe in keys, logs and file names. */
    static void checkToken(String field, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new InvalidEventException(field, "1 to " + max + " characters, got "
                    + (value == null ? "none" : value.length()));
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isTokenChar(value.charAt(i))) {
                throw new InvalidEventException(field, "only letters, digits, '.', '_' and '-' (at " + i + ")");
            }
        }
    }

    static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
    }
}
